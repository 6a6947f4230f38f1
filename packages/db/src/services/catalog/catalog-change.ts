import { AppError, changeReasonSchema, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "../../client.ts";
import { actorOf, isOperator, type Principal } from "../principal.ts";

/** Who changes the catalog: an operator (user or admin key), or a job such as "system:prices-sync". */
export type CatalogActor = Principal | `system:${string}`;

/** Who makes a catalog change and why; both go into its audit log entry. */
export interface CatalogChange {
  actor: CatalogActor;
  /** Required: every catalog change is explained in the audit log. */
  reason: string;
}

/**
 * The audit actor and trimmed reason of a change; `forbidden` unless the actor is an operator (a user with the
 * operator role, or an admin key without a tenant) or a system job; `bad_request` without a reason.
 */
export function authorizeCatalogChange(change: CatalogChange): { actor: string; reason: string } {
  let actor: string;
  if (typeof change.actor === "string") actor = change.actor;
  else if (isOperator(change.actor) && change.actor.tenantId === null) actor = actorOf(change.actor);
  else throw new AppError("forbidden", "only operators manage the model catalog");
  return { actor, reason: parseInput(changeReasonSchema, change.reason, "reason") };
}

/** Runs `work` in a transaction: a new one on a client, or the caller's when given a transaction handle. */
export async function inTransaction<T>(db: DbOrTx, work: (tx: DbTx) => Promise<T>): Promise<T> {
  if ("$transaction" in db) return db.$transaction(work, { maxWait: 10_000, timeout: 120_000 });
  return work(db);
}

/** A NUMERIC value (Prisma Decimal or text) as an exact decimal string without exponent or trailing zeros. */
export function decimalText(value: { toFixed(): string } | string): string {
  return toDecimalString(money(typeof value === "string" ? value : value.toFixed()));
}

/** The part of a zod schema parseInput needs. */
interface Parser<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Parses with a zod schema from @tollgate/domain; any problem is one `bad_request` naming each field. */
export function parseInput<T>(schema: Parser<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(
    "bad_request",
    parsed.error.issues.map((issue) => `${[field, ...issue.path.map(String)].join(".")}: ${issue.message}`).join("; "),
  );
}
