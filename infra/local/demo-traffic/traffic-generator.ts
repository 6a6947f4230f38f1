import type { UsageEventInput } from "@tollgate/domain";
import { AgentTask } from "./agent-task.ts";
import { DEMO_MODELS, UNPRICED_MODEL, UNPRICED_TASK_SHARE, type DemoModel } from "./demo-models.ts";
import { createRandom, type Random } from "./random.ts";
import { weightedSampler, zipfExponentForTopShare, zipfWeights } from "./zipf.ts";

/** One event and the tenant (keys-file slug) whose key sends it. */
export interface GeneratedEvent {
  tenant: string;
  event: UsageEventInput;
}

export interface TrafficGeneratorOptions {
  /** Tenant slugs, biggest first. */
  tenants: readonly string[];
  seed: number;
  customersPerTenant?: number;
  /** Share of all events from the busiest customer. */
  topCustomerShare?: number;
  models?: readonly DemoModel[];
}

const CUSTOMER_NAMES = [
  "northwind",
  "contoso",
  "fabrikam",
  "tailspin",
  "wingtip",
  "adventure-works",
  "litware",
  "proseware",
  "woodgrove",
  "fourth-coffee",
  "margie-travel",
  "lucerne",
  "alpine-ski",
  "coho-winery",
  "humongous",
  "trey-research",
];
const AGENT_NAMES = ["support-agent", "code-review", "research", "sql-analyst", "triage-bot", "docs-writer"];

interface Customer {
  tenant: string;
  name: string;
  /** One slot per agent, each running at most one task at a time. */
  agents: { name: string; sessionId: string; task: AgentTask | null }[];
}

/**
 * Endless, reproducible demo traffic. Events are drawn per event, not per task: each draw picks an end customer
 * (Zipf, the busiest ≈ 25 % of all events), then one of its agents, which makes the next call of its running task or
 * starts a new one. Tasks therefore interleave like concurrent agents do, and shares hold per event.
 *
 * Customers are ranked across tenants round-robin (rank 1 to the first tenant, rank 2 to the second, ...), so the
 * tenant mix is skewed too, the first tenant busiest. Three tenants cannot have a top share of 25 % (at least a
 * third), which is why the 25 % applies to customers.
 */
export function createTrafficGenerator(options: TrafficGeneratorOptions): { next(now: Date): GeneratedEvent } {
  if (options.tenants.length === 0) throw new RangeError("no tenants to send traffic for");
  const random = createRandom(options.seed);
  const models = options.models ?? DEMO_MODELS;
  const perTenant = options.customersPerTenant ?? 8;
  const customers: Customer[] = [];
  for (let index = 0; index < options.tenants.length * perTenant; index += 1) {
    const tenant = options.tenants[index % options.tenants.length] ?? "";
    const base = CUSTOMER_NAMES[Math.floor(index / options.tenants.length) % CUSTOMER_NAMES.length] ?? "customer";
    const agentCount = random.int(1, 3);
    const agentNames = random.shuffled(AGENT_NAMES).slice(0, agentCount);
    customers.push({
      tenant,
      name: perTenant > CUSTOMER_NAMES.length ? `${base}-${index.toString()}` : base,
      agents: agentNames.map((name) => ({ name, sessionId: newSessionId(random), task: null })),
    });
  }
  const pickCustomer = weightedSampler(
    zipfWeights(customers.length, zipfExponentForTopShare(customers.length, options.topCustomerShare ?? 0.25)),
  );
  const pickModel = weightedSampler(zipfWeights(models.length, 1));

  return {
    next(now) {
      const customer = customers[pickCustomer(random)];
      if (!customer) throw new Error("customer index out of range");
      const agent = random.pick(customer.agents);
      if (!agent.task || agent.task.done) {
        // A user often starts several tasks in one session; sometimes a new session begins.
        if (agent.task && random.chance(0.3)) agent.sessionId = newSessionId(random);
        const model = random.chance(UNPRICED_TASK_SHARE)
          ? UNPRICED_MODEL
          : (models[pickModel(random)] ?? UNPRICED_MODEL);
        agent.task = new AgentTask(
          { model, customer: customer.name, agent: agent.name, sessionId: agent.sessionId },
          random,
        );
      }
      const call = agent.task.nextCall();
      return { tenant: customer.tenant, event: { id: random.uuid(), timestamp: now.toISOString(), ...call } };
    },
  };
}

function newSessionId(random: Random): string {
  return `sess_${random.hex(16)}`;
}
