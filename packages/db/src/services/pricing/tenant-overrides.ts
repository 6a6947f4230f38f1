import { AppError, tenantOverrideSchema, type TenantOverride } from "@tollgate/domain";
import type { DbOrTx } from "../../client.ts";
import { writeAuditLog } from "../audit-log.ts";
import {
  decimalText,
  inTransaction,
  isoOrNull,
  lockTenant,
  parseField,
  reasonOf,
  requireOperator,
  requireTenant,
  type ChangeContext,
} from "./change-context.ts";
import type { PricingPorts } from "./rating-sweeps.ts";

export interface TenantOverrideView {
  id: string;
  tenantId: string;
  startsAt: Date;
  /** Exclusive; null = open-ended. */
  endsAt: Date | null;
  discountPercent: string | null;
  /** { modelId or pattern: { tokenType: pricePerMillion } }. */
  modelRates: TenantOverride["model_rates"];
  reason: string;
  createdAt: Date;
}

export interface CreateTenantOverrideInput {
  startsAt: Date;
  endsAt?: Date | null | undefined;
  /** 0–100, decimal string. */
  discountPercent?: string | null | undefined;
  modelRates?: unknown;
}

export interface EndTenantOverrideInput {
  /** Default now. */
  endsAt?: Date | undefined;
}

interface OverrideRow {
  id: string;
  tenantId: string;
  startsAt: Date;
  endsAt: Date | null;
  discountPercent: { toFixed(): string } | null;
  modelRates: unknown;
  reason: string;
  createdAt: Date;
}

function toView(row: OverrideRow): TenantOverrideView {
  const parsed = tenantOverrideSchema.safeParse({ model_rates: row.modelRates });
  return {
    id: row.id,
    tenantId: row.tenantId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    discountPercent: row.discountPercent === null ? null : decimalText(row.discountPercent),
    modelRates: parsed.success ? parsed.data.model_rates : {},
    reason: row.reason,
    createdAt: row.createdAt,
  };
}

export function tenantOverrideJson(view: TenantOverrideView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    starts_at: view.startsAt.toISOString(),
    ends_at: isoOrNull(view.endsAt),
    discount_percent: view.discountPercent,
    model_rates: view.modelRates,
    reason: view.reason,
    created_at: view.createdAt.toISOString(),
  };
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
      after: tenantOverrideJson(view),
    });
    return view;
  });
  // The tenant's events in the override's window may be priced differently now.
  await ports.ratingSweeps?.request(tenantId);
  return created;
}

/** A tenant's overrides, by start; `not_found` for an unknown tenant. */
export async function listTenantOverrides(db: DbOrTx, tenantId: string): Promise<TenantOverrideView[]> {
  await requireTenant(db, tenantId);
  const rows = await db.tenantPriceOverride.findMany({ where: { tenantId }, orderBy: { startsAt: "asc" } });
  return rows.map(toView);
}

/**
 * Ends an override at `endsAt` (default now): after its start, and before its current end if it has one
 * (`conflict` otherwise). Reason required. Audited.
 */
export async function endTenantOverride(
  db: DbOrTx,
  tenantId: string,
  overrideId: string,
  input: EndTenantOverrideInput,
  context: ChangeContext,
): Promise<TenantOverrideView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const endsAt = input.endsAt ?? new Date();
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const current = await tx.tenantPriceOverride.findFirst({ where: { id: overrideId, tenantId } });
    if (!current) throw new AppError("not_found", `the tenant has no override ${overrideId}`);
    if (endsAt <= current.startsAt) {
      throw new AppError(
        "conflict",
        `the override starts at ${current.startsAt.toISOString()}; ends_at must be after that`,
      );
    }
    if (current.endsAt && current.endsAt <= endsAt) {
      throw new AppError("conflict", `the override already ends at ${current.endsAt.toISOString()}`);
    }
    const updated = await tx.tenantPriceOverride.update({ where: { id: overrideId }, data: { endsAt } });
    const view = toView(updated);
    await writeAuditLog(tx, {
      actor,
      action: "tenant_override.end",
      tenantId,
      targetType: "tenant_price_override",
      targetId: overrideId,
      reason,
      before: tenantOverrideJson(toView(current)),
      after: tenantOverrideJson(view),
    });
    return view;
  });
}
