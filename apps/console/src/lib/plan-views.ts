import { TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import type { RouterOutputs } from "./router-types.ts";
import { TOKEN_LABELS } from "./token-labels.ts";

export type PlanWithVersions = RouterOutputs["plans"]["list"]["plans"][number];
export type PlanVersion = PlanWithVersions["versions"][number];
export type PlanVersionDetail = RouterOutputs["planVersions"]["get"];
export type PlanRate = PlanVersionDetail["rates"][number];
export type PlanDiff = RouterOutputs["planVersions"]["diff"];
export type PlanVersionStatus = PlanVersion["status"];

export const VERSION_STATUS_LABELS: Record<PlanVersionStatus, string> = {
  draft: "Draft",
  published: "Published",
  archived: "Archived",
};
export const VERSION_STATUS_COLORS = { draft: "amber", published: "green", archived: "gray" } as const;

/** A rates row's condition for people: the base rate, the long-context rate, or a service tier's rate. */
export function conditionLabel(condition: string): string {
  if (condition === "") return "Base";
  if (condition === "long_context") return "Long context";
  return condition.startsWith("service_tier:") ? `Tier: ${condition.slice("service_tier:".length)}` : condition;
}

/** One model under one condition, with its price per 1M tokens of each type (absent: no explicit rate). */
export interface RateRow {
  id: string;
  modelId: string;
  provider: string;
  condition: string;
  prices: Partial<Record<TokenType, string>>;
}

/** Rates (one per model × token type × condition, in model and condition order) as one row per model and condition. */
export function rateRows(rates: readonly PlanRate[]): RateRow[] {
  const rows = new Map<string, RateRow>();
  for (const rate of rates) {
    const id = `${rate.model_id}\u0000${rate.condition}`;
    let row = rows.get(id);
    if (!row) {
      row = { id, modelId: rate.model_id, provider: rate.provider, condition: rate.condition, prices: {} };
      rows.set(id, row);
    }
    row.prices[rate.token_type] = rate.price_per_million;
  }
  return [...rows.values()];
}

/** The rows whose model id contains `query` (any case) and whose provider is `provider`, when given. */
export function filterRateRows(rows: readonly RateRow[], query: string | undefined, provider: string | undefined) {
  const needle = query?.trim().toLowerCase() ?? "";
  return rows.filter(
    (row) =>
      (needle === "" || row.modelId.toLowerCase().includes(needle)) &&
      (provider === undefined || row.provider === provider),
  );
}

export function providersOf(rates: readonly PlanRate[]): string[] {
  return [...new Set(rates.map((rate) => rate.provider))].sort();
}

export const TOKEN_TYPE_COLUMNS: readonly { type: TokenType; header: string; secondary: boolean }[] = TOKEN_TYPES.map(
  // Phones keep input and output, the two prices every model has.
  (type) => ({ type, header: TOKEN_LABELS[type], secondary: type !== "input" && type !== "output" }),
);

/** The comparison offered first: the newest version (B) against the newest published one before it, else the next older. */
export function defaultComparison(versions: readonly PlanVersion[]): { a: string; b: string } | null {
  const [newest] = versions;
  if (!newest || versions.length < 2) return null;
  const older = versions.filter((version) => version.id !== newest.id);
  const base = older.find((version) => version.status === "published") ?? older[0];
  return base ? { a: base.id, b: newest.id } : null;
}
