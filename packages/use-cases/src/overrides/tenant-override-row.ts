import { tenantOverrideSchema, type TenantOverride } from "@tollgate/domain";
import { decimalText, isoOrNull } from "../shared/change-context.ts";

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

export function toView(row: OverrideRow): TenantOverrideView {
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

/**
 * What the audit log records of a tenant override. Same fields as the REST shape today, but kept apart from it
 * (`@tollgate/trpc/wire`): audit entries are stored, so an API change must not change what they hold.
 */
export function tenantOverrideAuditRecord(view: TenantOverrideView) {
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
