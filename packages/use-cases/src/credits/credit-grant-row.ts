import { AppError, money, nonNegativeDecimalText, toDecimalString } from "@tollgate/domain";
import type { DbOrTx, CreditGrantKind } from "@tollgate/db";
import { decimalText, isoOrNull } from "../shared/change-context.ts";

export type CreditGrantStatus = "active" | "used_up" | "expired" | "voided";

/**
 * A credit grant with its balance derived from the ledger. Ledger convention (schema.prisma): the grant's own
 * `credit_grant` entry is −amount (in the tenant's favour); `credit_usage` and `credit_expiry` entries referencing
 * the grant carry the positive amount taken from it. balance = amount − Σ credit_usage − Σ credit_expiry.
 */
export interface CreditGrantView {
  id: string;
  tenantId: string;
  kind: CreditGrantKind;
  amount: string;
  currency: string;
  priority: number;
  reason: string;
  grantedAt: Date;
  expiresAt: Date | null;
  voidedAt: Date | null;
  /** Σ credit_usage entries referencing the grant. */
  used: string;
  /** Σ credit_expiry entries referencing the grant (expiry, void). */
  expired: string;
  balance: string;
  status: CreditGrantStatus;
}

export interface CreditGrantOptions {
  /** The grant / void instant and the instant statuses are judged at; default now. */
  now?: Date;
}

interface GrantRow {
  id: string;
  tenant_id: string;
  kind: CreditGrantKind;
  amount: string;
  currency: string;
  priority: number;
  reason: string;
  granted_at: Date;
  expires_at: Date | null;
  voided_at: Date | null;
  used: string;
  expired: string;
}

export async function grantRows(db: DbOrTx, tenantId: string, grantId: string | null): Promise<GrantRow[]> {
  // Without an index on ledger_entries.credit_grant_id this reads the tenant's ledger rows; one would help.
  return db.$queryRaw<GrantRow[]>`
    SELECT g.id::text AS id, g.tenant_id::text AS tenant_id, g.kind::text AS kind, g.amount::text AS amount,
           g.currency, g.priority, g.reason, g.granted_at, g.expires_at, g.voided_at,
           COALESCE((SELECT sum(l.amount) FROM ledger_entries l
                      WHERE l.tenant_id = g.tenant_id AND l.credit_grant_id = g.id AND l.kind = 'credit_usage'), 0)::text AS used,
           COALESCE((SELECT sum(l.amount) FROM ledger_entries l
                      WHERE l.tenant_id = g.tenant_id AND l.credit_grant_id = g.id AND l.kind = 'credit_expiry'), 0)::text AS expired
      FROM credit_grants g
     WHERE g.tenant_id = ${tenantId}::uuid AND (${grantId}::uuid IS NULL OR g.id = ${grantId}::uuid)
     ORDER BY g.granted_at, g.id`;
}

export function toView(row: GrantRow, now: Date): CreditGrantView {
  const balance = money(row.amount).minus(money(row.used)).minus(money(row.expired));
  let status: CreditGrantStatus = "active";
  if (row.voided_at) status = "voided";
  else if (row.expires_at && row.expires_at <= now) status = "expired";
  else if (balance.lte(0)) status = "used_up";
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    amount: decimalText(row.amount),
    currency: row.currency.trim(),
    priority: row.priority,
    reason: row.reason,
    grantedAt: row.granted_at,
    expiresAt: row.expires_at,
    voidedAt: row.voided_at,
    used: decimalText(row.used),
    expired: decimalText(row.expired),
    balance: toDecimalString(balance),
    status,
  };
}

/**
 * What the audit log records of a credit grant. Same fields as the REST shape today, but kept apart from it
 * (`@tollgate/trpc/wire`): audit entries are stored, so an API change must not change what they hold.
 */
export function creditGrantAuditRecord(view: CreditGrantView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    kind: view.kind,
    amount: view.amount,
    currency: view.currency,
    priority: view.priority,
    reason: view.reason,
    granted_at: view.grantedAt.toISOString(),
    expires_at: isoOrNull(view.expiresAt),
    voided_at: isoOrNull(view.voidedAt),
    used: view.used,
    expired: view.expired,
    balance: view.balance,
    status: view.status,
  };
}

export async function grantView(db: DbOrTx, tenantId: string, grantId: string, now: Date): Promise<CreditGrantView> {
  const [row] = await grantRows(db, tenantId, grantId);
  if (!row) throw new AppError("not_found", `the tenant has no credit grant ${grantId}`);
  return toView(row, now);
}

export const positiveAmount = nonNegativeDecimalText.refine((value) => money(value).gt(0), "must be greater than 0");
