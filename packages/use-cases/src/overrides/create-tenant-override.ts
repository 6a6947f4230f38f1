import { AppError, tenantOverrideSchema } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import {
  inTransaction,
  isoOrNull,
  lockTenant,
  parseField,
  reasonOf,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";
import { type TenantOverrideView, toView, tenantOverrideAuditRecord } from "./tenant-override-row.ts";

export interface CreateTenantOverrideInput {
  startsAt: Date;
  endsAt?: Date | null | undefined;
  /** 0–100, decimal string. */
  discountPercent?: string | null | undefined;
  modelRates?: unknown;
}

/**
 * Adds a dated price override for a tenant: a discount on everything and/or custom rates for chosen models
 * (validated by tenantOverrideSchema; exact model ids must be in the catalog). `conflict` when it would overlap
 * another of the tenant's overrides; reason required. Audited.
 */
export async function createTenantOverride(
  db: DbOrTx,
  tenantId: string,
  input: CreateTenantOverrideInput,
  context: ChangeContext,
  ports: PricingPorts = {},
): Promise<TenantOverrideView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const endsAt = input.endsAt ?? null;
  if (endsAt && endsAt <= input.startsAt) throw new AppError("bad_request", "ends_at: must be after starts_at");
  const adjustments = parseField(
    tenantOverrideSchema,
    { discount_percent: input.discountPercent ?? null, model_rates: input.modelRates ?? {} },
    "",
  );
  const models = Object.keys(adjustments.model_rates);
  if (adjustments.discount_percent === null && models.length === 0) {
    throw new AppError("bad_request", "discount_percent or model_rates: an override must change something");
  }
  const emptyModel = models.find((model) => Object.keys(adjustments.model_rates[model] ?? {}).length === 0);
  if (emptyModel !== undefined) {
    throw new AppError("bad_request", `model_rates.${emptyModel}: give at least one token type's rate`);
  }
  const created = await inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const exact = models.filter((model) => !model.includes("*"));
    if (exact.length > 0) {
      const known = new Set(
        (await tx.model.findMany({ where: { id: { in: exact } }, select: { id: true } })).map((m) => m.id),
      );
      const unknown = exact.filter((model) => !known.has(model));
      if (unknown.length > 0) {
        throw new AppError("bad_request", unknown.map((model) => `model_rates.${model}: unknown model`).join("; "));
      }
    }
    const overlapping = await tx.tenantPriceOverride.findFirst({
      where: {
        tenantId,
        OR: [{ endsAt: null }, { endsAt: { gt: input.startsAt } }],
        ...(endsAt ? { startsAt: { lt: endsAt } } : {}),
      },
      orderBy: { startsAt: "asc" },
    });
    if (overlapping) {
      throw new AppError(
        "conflict",
        `overlaps the tenant's override ${overlapping.id} (${overlapping.startsAt.toISOString()} – ` +
          `${isoOrNull(overlapping.endsAt) ?? "open-ended"}); end it first or choose other dates`,
      );
    }
    const row = await tx.tenantPriceOverride.create({
      data: {
        tenantId,
        startsAt: input.startsAt,
        endsAt,
        discountPercent: adjustments.discount_percent,
        modelRates: adjustments.model_rates,
        reason,
      },
    });
    const view = toView(row);
    await writeAuditLog(tx, {
      actor,
      action: "tenant_override.create",
      tenantId,
      targetType: "tenant_price_override",
      targetId: row.id,
      reason,
      before: null,
      after: tenantOverrideAuditRecord(view),
    });
    return view;
  });
  // The tenant's events in the override's window may be priced differently now.
  await ports.ratingSweeps?.request(tenantId);
  return created;
}
