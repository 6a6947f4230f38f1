/** A model the demo traffic uses; ids are `provider/model` as in the seeded catalog (@pydantic/genai-prices). */
export interface DemoModel {
  id: string;
  /** Reasoning models report reasoning tokens; the others never send the field. */
  reasoning: boolean;
  /** Largest prompt a task may grow to before it wraps up. */
  contextLimit: number;
}

/**
 * Well-known models, most popular first (the traffic draws them Zipf-distributed in this order). Each was checked
 * against the seeded catalog: all have input, cached input, cache write, output and reasoning rates.
 */
export const DEMO_MODELS: readonly DemoModel[] = [
  { id: "anthropic/claude-sonnet-4-5", reasoning: false, contextLimit: 190_000 },
  { id: "openai/gpt-4.1-mini", reasoning: false, contextLimit: 190_000 },
  { id: "openai/gpt-5", reasoning: true, contextLimit: 190_000 },
  { id: "google/gemini-2.5-flash", reasoning: false, contextLimit: 190_000 },
  { id: "anthropic/claude-haiku-4-5", reasoning: false, contextLimit: 190_000 },
  { id: "openai/gpt-4.1", reasoning: false, contextLimit: 190_000 },
  { id: "openai/gpt-5-mini", reasoning: true, contextLimit: 190_000 },
  { id: "deepseek/deepseek-chat", reasoning: false, contextLimit: 120_000 },
  { id: "openai/o4-mini", reasoning: true, contextLimit: 190_000 },
  { id: "google/gemini-2.5-pro", reasoning: true, contextLimit: 190_000 },
  { id: "anthropic/claude-opus-4-1", reasoning: false, contextLimit: 190_000 },
  { id: "deepseek/deepseek-reasoner", reasoning: true, contextLimit: 120_000 },
];

/** Deliberately absent from the catalog, so the console shows unrated usage (stored, never charged zero). */
export const UNPRICED_MODEL: DemoModel = {
  id: "internal/support-finetune-v1",
  reasoning: false,
  contextLimit: 120_000,
};
/** Share of tasks that run on the unpriced model. */
export const UNPRICED_TASK_SHARE = 0.01;
