import type { UsageEventInput } from "@tollgate/domain";
import type { DemoModel } from "./demo-models.ts";
import type { Random } from "./random.ts";

export const MIN_CALLS_PER_TASK = 5;
export const MAX_CALLS_PER_TASK = 60;

export interface TaskContext {
  model: DemoModel;
  customer: string;
  agent: string;
  sessionId: string;
}

/**
 * One agent task: a run of model calls over a growing conversation, as coding and support agents make them.
 * The first call writes the large prefix (system prompt, tool definitions) to the provider's cache; every later
 * call reads the whole previous prompt from the cache and only sends what was appended since (the last output and
 * a tool result) as fresh input. So cached input grows call by call and dwarfs fresh input.
 */
export class AgentTask {
  readonly taskId: string;
  private readonly plannedCalls: number;
  private readonly cancelled: boolean;
  private calls = 0;
  /** Prompt size of the previous call: what the next call finds in the cache. */
  private previousPrompt = 0;
  /** Tokens appended since the previous call. */
  private appended: number;
  private readonly prefix: number;

  constructor(
    private readonly context: TaskContext,
    private readonly random: Random,
  ) {
    this.taskId = `task_${random.hex(16)}`;
    this.plannedCalls = random.logNormalInt(16, 0.7, MIN_CALLS_PER_TASK, MAX_CALLS_PER_TASK);
    this.cancelled = random.chance(0.02);
    this.prefix = random.logNormalInt(9000, 0.5, 2500, 30_000);
    this.appended = random.logNormalInt(400, 0.8, 40, 4000);
  }

  get done(): boolean {
    return this.calls >= this.plannedCalls;
  }

  /** The next call's usage event (without id and timestamp, which the generator adds). */
  nextCall(): Omit<UsageEventInput, "id" | "timestamp"> {
    if (this.done) throw new Error(`task ${this.taskId} has no calls left`);
    this.calls += 1;
    const first = this.calls === 1;
    const last = this.calls === this.plannedCalls;
    const status = last && this.cancelled ? "cancelled" : this.random.chance(0.01) ? "error" : "ok";
    // Tool calls are short; the final answer is long. A cancelled or failed call stops early.
    let output = last ? this.random.logNormalInt(900, 0.6, 150, 6000) : this.random.logNormalInt(180, 0.7, 20, 2000);
    if (status !== "ok") output = Math.floor(output * this.random.next() * 0.3);
    const reasoning = this.context.model.reasoning ? this.random.logNormalInt(700, 0.9, 0, 12_000) : undefined;

    const event: Omit<UsageEventInput, "id" | "timestamp"> = {
      model: this.context.model.id,
      input_tokens: this.appended,
      cached_input_tokens: first ? 0 : this.previousPrompt,
      cache_write_tokens: first ? this.prefix : 0,
      output_tokens: output,
      ...(reasoning === undefined ? {} : { reasoning_tokens: status === "ok" ? reasoning : 0 }),
      customer: this.context.customer,
      agent: this.context.agent,
      task_id: this.taskId,
      session_id: this.context.sessionId,
      status,
    };

    this.previousPrompt += (first ? this.prefix : 0) + this.appended;
    this.appended = output + this.random.logNormalInt(600, 0.9, 30, 6000);
    // Wrap up instead of outgrowing the model's context window (never before the minimum number of calls).
    if (this.calls >= MIN_CALLS_PER_TASK && this.previousPrompt + this.appended > this.context.model.contextLimit) {
      this.calls = this.plannedCalls;
    }
    return event;
  }
}
