import { DEMO_MODELS, type DemoModel } from "../demo-traffic/demo-models.ts";

/** How one demo tenant's past traffic looks: its size, growth, keys, agents, customers and model mix. */
export interface HistoryProfile {
  /** The demo tenant (DEMO_TENANTS in @tollgate/use-cases/seed). */
  slug: string;
  /** Share of the history's events. */
  share: number;
  /** Growth of the daily volume per week, e.g. 0.06 = +6 % a week. */
  weeklyGrowth: number;
  /** Weekend days' volume against a weekday's. */
  weekendFactor: number;
  /** The named API keys the traffic came through; each agent sends with one. */
  agents: readonly { name: string; apiKey: string }[];
  customers: readonly string[];
  /** Models and their weights (share of tasks). */
  models: readonly { model: DemoModel; weight: number }[];
  /** Share of tasks on a model without a price (stored and marked unrated, never charged zero). */
  unpricedShare: number;
}

function model(id: string): DemoModel {
  const found = DEMO_MODELS.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`demo model ${id} is not in DEMO_MODELS`);
  return found;
}

/**
 * Acme is the busy, fast-growing enterprise tenant with several keys and agents on premium and cheap models; Globex
 * is mid-sized; Initech is the quiet one on the free plan, barely growing.
 */
export const HISTORY_PROFILES: readonly HistoryProfile[] = [
  {
    slug: "acme-agents",
    share: 0.7,
    weeklyGrowth: 0.06,
    weekendFactor: 0.4,
    agents: [
      { name: "support-agent", apiKey: "production" },
      { name: "triage-bot", apiKey: "production" },
      { name: "code-review", apiKey: "ci-pipeline" },
      { name: "research", apiKey: "research-batch" },
      { name: "docs-writer", apiKey: "staging" },
    ],
    customers: ["northwind", "contoso", "fabrikam", "tailspin", "wingtip", "adventure-works", "litware", "woodgrove"],
    models: [
      { model: model("anthropic/claude-sonnet-4-5"), weight: 40 },
      { model: model("openai/gpt-4.1-mini"), weight: 20 },
      { model: model("openai/gpt-5"), weight: 12 },
      { model: model("anthropic/claude-haiku-4-5"), weight: 12 },
      { model: model("anthropic/claude-opus-4-1"), weight: 4 },
      { model: model("google/gemini-2.5-flash"), weight: 8 },
      { model: model("openai/o4-mini"), weight: 4 },
    ],
    unpricedShare: 0.01,
  },
  {
    slug: "globex-ai",
    share: 0.25,
    weeklyGrowth: 0.03,
    weekendFactor: 0.55,
    agents: [
      { name: "sql-analyst", apiKey: "production" },
      { name: "support-agent", apiKey: "production" },
      { name: "research", apiKey: "internal-tools" },
    ],
    customers: ["proseware", "fourth-coffee", "lucerne", "coho-winery"],
    models: [
      { model: model("openai/gpt-4.1"), weight: 30 },
      { model: model("google/gemini-2.5-flash"), weight: 30 },
      { model: model("google/gemini-2.5-pro"), weight: 15 },
      { model: model("deepseek/deepseek-chat"), weight: 20 },
      { model: model("openai/gpt-5-mini"), weight: 5 },
    ],
    unpricedShare: 0.005,
  },
  {
    slug: "initech-labs",
    share: 0.05,
    weeklyGrowth: 0.01,
    weekendFactor: 0.2,
    agents: [{ name: "prototype-bot", apiKey: "prototype" }],
    customers: ["trey-research", "humongous"],
    models: [
      { model: model("deepseek/deepseek-chat"), weight: 50 },
      { model: model("openai/gpt-4.1-mini"), weight: 35 },
      { model: model("deepseek/deepseek-reasoner"), weight: 15 },
    ],
    unpricedShare: 0,
  },
];

/** The distinct key names of a profile, in order of first use. */
export function keyNamesOf(profile: HistoryProfile): string[] {
  return [...new Set(profile.agents.map((agent) => agent.apiKey))];
}
