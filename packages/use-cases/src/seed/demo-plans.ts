/** The demo price plans: list price (the provider's) times a markup, exact decimals. */
export interface DemoPlan {
  code: string;
  name: string;
  description: string;
  /** Decimal string; multiplies every list price. */
  markup: string;
}

export const DEMO_PLANS: readonly DemoPlan[] = [
  { code: "free", name: "Free", description: "Provider list price + 25 %", markup: "1.25" },
  { code: "pro", name: "Pro", description: "Provider list price + 10 %", markup: "1.10" },
  { code: "enterprise", name: "Enterprise", description: "Provider list price + 5 %", markup: "1.05" },
];

/** Every demo plan's first version, in force from this instant (before any demo traffic). */
export const DEMO_PLAN_EFFECTIVE_FROM = new Date("2025-01-01T00:00:00Z");
export const DEMO_PLAN_CURRENCY = "USD";
