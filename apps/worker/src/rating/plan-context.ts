import type { CompiledOverride, PlanPriceBook } from "@tollgate/domain";

/** What one event is priced with: the plan version in force at its timestamp and the tenant's override then. */
export interface PlanContext {
  book: PlanPriceBook;
  override: CompiledOverride | null;
}

export type PlanContextLookup = (occurredAt: Date) => PlanContext | null;

/** What one tenant's events in a job need priced: the instants they span and their (resolved) models. */
export interface PricingNeeds {
  span: { from: Date; to: Date };
  modelIds: readonly string[];
}

/** Per tenant, the span of its events' timestamps and their resolved models. */
export function pricingNeeds(
  tenants: readonly { tenantId: string; events: readonly { occurredAt: Date; modelId: string }[] }[],
): Map<string, PricingNeeds> {
  return new Map(
    tenants.map((tenant) => {
      let from = Infinity;
      let to = -Infinity;
      const modelIds = new Set<string>();
      for (const event of tenant.events) {
        const time = event.occurredAt.getTime();
        if (time < from) from = time;
        if (time > to) to = time;
        modelIds.add(event.modelId);
      }
      return [tenant.tenantId, { span: { from: new Date(from), to: new Date(to) }, modelIds: [...modelIds] }];
    }),
  );
}
