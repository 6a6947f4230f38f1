import { consumeCredits, type CreditGrantBalance, type Money } from "@tollgate/domain";
import { buildLedgerLines, type LedgerLine } from "./aggregate-usage.ts";
import { isoText } from "./iso-text.ts";
import { byOccurrence } from "./job-events.ts";
import type { RatedEvent } from "./rate-events.ts";

/** A ledger line with its tenant and idempotency key. */
export interface KeyedLedgerLine extends LedgerLine {
  tenantId: string;
  idempotencyKey: string;
}

/** Credit taken from one grant for one set of charged events. */
export interface CreditUse {
  tenantId: string;
  grantId: string;
  currency: string;
  amount: Money;
  /** Unique per (tenant, job content): a retried job writes the same key and so nothing twice. */
  idempotencyKey: string;
  occurredAt: Date;
}

/**
 * Idempotency-key prefixes naming one set of newly charged events of a tenant (usage jobs: `usage:` / `credit:`
 * and their inserted ids; the rating sweep: `rerate:` / `credit:rerate:` and its batch): the same events always
 * give the same keys, so nothing is written twice.
 */
export interface ChargeKeys {
  ledger: string;
  credit: string;
}

/** The events' usage_charge ledger lines, each keyed by the set and its (hour, model, kind, plan version). */
export function keyedLedgerLines(tenantId: string, keys: ChargeKeys, events: readonly RatedEvent[]): KeyedLedgerLine[] {
  // Fields copied one by one: a spread plus properties costs about 1 µs per object in V8.
  return buildLedgerLines(events).map((line): KeyedLedgerLine => ({
    hour: line.hour,
    modelId: line.modelId,
    kind: line.kind,
    tokenType: line.tokenType,
    planVersionId: line.planVersionId,
    currency: line.currency,
    quantity: line.quantity,
    amount: line.amount,
    description: line.description,
    tenantId,
    idempotencyKey: `${keys.ledger}:${isoText(line.hour)}:${line.modelId}:${line.kind}:${line.planVersionId}`,
  }));
}

/**
 * Credit grants pay for the events' charges, oldest event first, from the grants valid at each event's time. The
 * locked grants' balances are reduced in place, so a later set of the same transaction sees what is left.
 */
export function creditUsesOf(
  tenantId: string,
  keys: ChargeKeys,
  events: readonly RatedEvent[],
  grants: readonly CreditGrantBalance[] | undefined,
): CreditUse[] {
  if (!grants || grants.length === 0) return [];
  const charges = events
    .flatMap((event) => (event.rating.status === "rated" ? [{ event, rating: event.rating }] : []))
    .sort((a, b) => byOccurrence(a.event, b.event));
  const consumption = consumeCredits(
    grants,
    charges.map(({ event, rating }) => ({
      occurredAt: event.occurredAt,
      currency: rating.currency,
      amount: rating.amount,
    })),
  );
  const latest = charges.at(-1)?.event.occurredAt ?? new Date();
  return [...consumption.byGrant].map(([grantId, amount]) => {
    const grant = grants.find((g) => g.id === grantId);
    if (grant) grant.remaining = grant.remaining.minus(amount);
    return {
      tenantId,
      grantId,
      currency: grant?.currency ?? "",
      amount,
      idempotencyKey: `${keys.credit}:${grantId}`,
      occurredAt: latest,
    };
  });
}
