import { AppError, money, nonNegativeDecimalText, toDecimalString } from "@tollgate/domain";
import type { DbOrTx, DbTx, CreditGrantKind } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  decimalText,
  inTransaction,
  isoOrNull,
  lockTenant,
  parseField,
  reasonOf,
  requireCurrency,
  requireOperator,
  requireTenant,
  type ChangeContext,
} from "../shared/change-context.ts";

const CREDIT_GRANT_KINDS: readonly string[] = ["paid", "promotional"] satisfies CreditGrantKind[];

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

export interface CreateCreditGrantInput {
  kind: CreditGrantKind;
  /** > 0, decimal string. */
  amount: string;
  currency: string;
  /** Default 0. */
  priority?: number | undefined;
  expiresAt?: Date | null | undefined;
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

async function grantRows(db: DbOrTx, tenantId: string, grantId: string | null): Promise<GrantRow[]> {
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

function toView(row: GrantRow, now: Date): CreditGrantView {
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
function creditGrantAuditRecord(view: CreditGrantView) {
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

async function grantView(db: DbOrTx, tenantId: string, grantId: string, now: Date): Promise<CreditGrantView> {
  const [row] = await grantRows(db, tenantId, grantId);
  if (!row) throw new AppError("not_found", `the tenant has no credit grant ${grantId}`);
  return toView(row, now);
}

const positiveAmount = nonNegativeDecimalText.refine((value) => money(value).gt(0), "must be greater than 0");

/**
 * Grants credit to a tenant (paid or promotional) and appends its `credit_grant` ledger entry (−amount, in the
 * tenant's favour; idempotency key `credit_grant:<grant id>`). Amount > 0, expiry in the future, reason required.
 * Audited.
 */
export async function createCreditGrant(
  db: DbOrTx,
  tenantId: string,
  input: CreateCreditGrantInput,
  context: ChangeContext,
  options: CreditGrantOptions = {},
): Promise<CreditGrantView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const amount = parseField(positiveAmount, input.amount, "amount");
  const currency = requireCurrency(input.currency);
  const priority = input.priority ?? 0;
  if (!Number.isInteger(priority) || priority < -1_000_000 || priority > 1_000_000) {
    throw new AppError("bad_request", "priority: must be a whole number from -1000000 to 1000000");
  }
  if (!CREDIT_GRANT_KINDS.includes(input.kind)) {
    throw new AppError("bad_request", "kind: must be paid or promotional");
  }
  const now = options.now ?? new Date();
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt <= now) throw new AppError("bad_request", "expires_at: must be in the future");
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const grant = await tx.creditGrant.create({
      // remaining is what the worker reads and spends; a grant starts with all of it.
      data: {
        tenantId,
        kind: input.kind,
        amount,
        remaining: amount,
        currency,
        priority,
        reason,
        grantedAt: now,
        expiresAt,
      },
    });
    await tx.ledgerEntry.create({
      data: {
        tenantId,
        kind: "credit_grant",
        amount: toDecimalString(money(amount).negated()),
        currency,
        occurredAt: now,
        idempotencyKey: `credit_grant:${grant.id}`,
        creditGrantId: grant.id,
        description: `${input.kind} credit grant: ${reason}`.slice(0, 500),
      },
    });
    const view = await grantView(tx, tenantId, grant.id, now);
    await writeAuditLog(tx, {
      actor,
      action: "credit_grant.create",
      tenantId,
      targetType: "credit_grant",
      targetId: grant.id,
      reason,
      before: null,
      after: creditGrantAuditRecord(view),
    });
    return view;
  });
}

/** A tenant's credit grants with ledger-derived balances, oldest first; `not_found` for an unknown tenant. */
export async function listCreditGrants(
  db: DbOrTx,
  tenantId: string,
  options: CreditGrantOptions = {},
): Promise<CreditGrantView[]> {
  await requireTenant(db, tenantId);
  const now = options.now ?? new Date();
  return (await grantRows(db, tenantId, null)).map((row) => toView(row, now));
}

async function lockGrant(tx: DbTx, tenantId: string, grantId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM credit_grants
     WHERE id = ${grantId}::uuid AND tenant_id = ${tenantId}::uuid FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", `the tenant has no credit grant ${grantId}`);
}

/**
 * Voids a grant: sets voided_at and, when some of it is unused, appends a `credit_expiry` ledger entry taking the
 * unused balance back (idempotency key `credit_void:<grant id>`), so the balance becomes 0 and never negative.
 * `conflict` when already voided; reason required. Audited.
 */
export async function voidCreditGrant(
  db: DbOrTx,
  tenantId: string,
  grantId: string,
  context: ChangeContext,
  options: CreditGrantOptions = {},
): Promise<CreditGrantView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    await lockGrant(tx, tenantId, grantId);
    const before = await grantView(tx, tenantId, grantId, now);
    if (before.voidedAt) {
      throw new AppError("conflict", `credit grant ${grantId} was already voided at ${before.voidedAt.toISOString()}`);
    }
    const unused = money(before.balance);
    if (unused.gt(0)) {
      await tx.ledgerEntry.create({
        data: {
          tenantId,
          kind: "credit_expiry",
          amount: toDecimalString(unused),
          currency: before.currency,
          occurredAt: now,
          idempotencyKey: `credit_void:${grantId}`,
          creditGrantId: grantId,
          description: `credit grant voided: ${reason}`.slice(0, 500),
        },
      });
    }
    await tx.creditGrant.update({
      where: { id: grantId },
      // The unused balance left with the entry above; remaining keeps matching the ledger.
      data: unused.gt(0) ? { voidedAt: now, remaining: { decrement: toDecimalString(unused) } } : { voidedAt: now },
    });
    const after = await grantView(tx, tenantId, grantId, now);
    await writeAuditLog(tx, {
      actor,
      action: "credit_grant.void",
      tenantId,
      targetType: "credit_grant",
      targetId: grantId,
      reason,
      before: creditGrantAuditRecord(before),
      after: creditGrantAuditRecord(after),
    });
    return after;
  });
}
