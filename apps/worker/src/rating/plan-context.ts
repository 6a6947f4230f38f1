import type { PricingNeeds } from "@tollgate/db";

// The price in force is loaded by one function for the worker and ingest (loadPricesInForce in @tollgate/db).
export type { PlanContext, PlanContextLookup, PricingNeeds } from "@tollgate/db";

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
