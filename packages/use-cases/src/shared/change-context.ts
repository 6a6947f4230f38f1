import { AppError, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { authorize } from "../access/authorize.ts";
import { actorOf, type Principal } from "../access/principal.ts";

/** Who makes a pricing change and why; both go into the change's audit log entry. */
export interface ChangeContext {
  actor: Principal;
  /** Free text for the audit log; required for credit grants and tenant overrides, optional elsewhere. */
  reason?: string | undefined;
}

export const MAX_REASON_LENGTH = 2000;

/**
 * The audit actor of an operator; `forbidden` for anyone else (`authorize(…, "operator")`): operators are users
 * with the operator role and operator API keys; a tenant's key or user never manages prices.
 */
export function requireOperator(principal: Principal): string {
  return actorOf(authorize(principal, "operator"));
}

/**
 * The audit actor of someone who may change this tenant's data (`authorize(…, "tenant_write", tenantId)`): its own
 * tenant_admin, or an operator; `forbidden` for a viewer, a key, or another tenant's admin.
 */
export function requireTenantWriter(principal: Principal, tenantId: string): string {
  authorize(principal, "tenant_write", tenantId);
  return actorOf(principal);
}

/** The change's reason, trimmed; `bad_request` when it is required and missing, or too long. */
export function reasonOf(context: ChangeContext, required: boolean): string {
  const reason = (context.reason ?? "").trim();
  if (required && reason === "") throw new AppError("bad_request", "reason: required for this change (audit log)");
  if (reason.length > MAX_REASON_LENGTH) {
    throw new AppError("bad_request", `reason: at most ${MAX_REASON_LENGTH} characters`);
  }
  return reason;
}

/** Runs `work` in a transaction: a new one on a client, or the caller's when given a transaction handle. */
export async function inTransaction<T>(db: DbOrTx, work: (tx: DbTx) => Promise<T>): Promise<T> {
  if ("$transaction" in db) return db.$transaction(work, { maxWait: 10_000, timeout: 120_000 });
  return work(db);
}

/**
 * Locks the tenant's row for the rest of the transaction, serializing pricing changes per tenant; `not_found` for
 * an unknown tenant. FOR NO KEY UPDATE does not block the foreign-key checks of concurrent usage and ledger writes.
 */
export async function lockTenant(tx: DbTx, tenantId: string): Promise<{ id: string; name: string }> {
  const rows = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT id::text AS id, name FROM tenants WHERE id = ${tenantId}::uuid FOR NO KEY UPDATE`;
  const tenant = rows[0];
  if (!tenant) throw new AppError("not_found", `no tenant ${tenantId}`);
  return tenant;
}

/** `not_found` unless the tenant exists (reads that need no lock). */
export async function requireTenant(db: DbOrTx, tenantId: string): Promise<void> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!tenant) throw new AppError("not_found", `no tenant ${tenantId}`);
}

/** A NUMERIC value (Prisma Decimal or text) as an exact decimal string without exponent or trailing zeros. */
export function decimalText(value: { toFixed(): string } | string): string {
  return toDecimalString(money(typeof value === "string" ? value : value.toFixed()));
}

/** The part of a zod schema parseField needs (packages/db uses the schemas of @tollgate/domain). */
interface Parser<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Parses with a zod schema; any problem is one `bad_request` naming each field under `prefix`. */
export function parseField<T>(schema: Parser<T>, value: unknown, prefix: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(
    "bad_request",
    parsed.error.issues
      .map(
        (issue) => `${[prefix, ...issue.path.map(String)].filter((part) => part !== "").join(".")}: ${issue.message}`,
      )
      .join("; "),
  );
}

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function requireCurrency(currency: string, field = "currency"): string {
  if (!CURRENCY_PATTERN.test(currency)) {
    throw new AppError("bad_request", `${field}: must be a 3-letter upper-case ISO 4217 code, e.g. "USD"`);
  }
  return currency;
}

export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
