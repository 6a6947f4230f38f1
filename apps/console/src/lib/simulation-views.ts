import { money } from "@tollgate/domain";
import type { RouterOutputs } from "./router-types.ts";

export type Simulation = RouterOutputs["planSimulations"]["get"];
export type SimulationResult = RouterOutputs["planSimulations"]["results"]["results"][number];

/** Still being computed: the page polls until the job has finished. */
export function isRunning(simulation: Simulation): boolean {
  return simulation.status === "queued" || simulation.status === "running";
}

/** Share of the tenants done, 0–100 (0 while the job has not counted the scope yet). */
export function progressPercent(simulation: Simulation): number {
  const total = simulation.tenants_total ?? 0;
  return total === 0
    ? simulation.status === "succeeded"
      ? 100
      : 0
    : Math.floor((simulation.tenants_done / total) * 100);
}

/** difference / before as a ratio (exact decimal text) for formatGrowth; null when before is zero. */
export function changeRatio(before: string, difference: string): string | null {
  const base = money(before);
  return base.isZero() ? null : money(difference).dividedBy(base).toFixed();
}

/** "1 tenant", "3 tenants". */
export function tenantCount(count: number): string {
  return count === 1 ? "1 tenant" : `${count.toString()} tenants`;
}

/** Who the simulation covered, in words. */
export function scopeLabel(simulation: Simulation): string {
  if (simulation.scope === "all") return "All tenants";
  if (simulation.scope === "plan") return "Tenants on a plan";
  return "One tenant";
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Every result as CSV (RFC 4180), exact amounts (a spreadsheet's sum matches the totals), currency as a column: each
 * side gross, the credit the tenant's grants would have paid of it, and net.
 */
export function simulationCsv(results: readonly SimulationResult[]): string {
  const rows = [
    [
      "tenant_id",
      "tenant_name",
      "before",
      "after",
      "difference",
      "before_credits",
      "after_credits",
      "before_net",
      "after_net",
      "net_difference",
      "events",
      "tokens",
      "unrated_after",
      "currency",
    ],
    ...results.map((r) => [
      r.tenant_id,
      r.tenant_name,
      r.before,
      r.after,
      r.difference,
      r.before_credits,
      r.after_credits,
      r.before_net,
      r.after_net,
      r.net_difference,
      r.events,
      r.tokens,
      r.unrated_after,
      r.currency,
    ]),
  ];
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}
