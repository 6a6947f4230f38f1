import type { Redis } from "ioredis";
import { redisScript } from "../redis-script.ts";
import { RESERVE_SCRIPT, SETTLE_SCRIPT } from "./limit-scripts.ts";

const RESERVE = redisScript(RESERVE_SCRIPT);
const SETTLE = redisScript(SETTLE_SCRIPT);

/** What a hold counts against: a budget in one month, or a prepaid tenant's credit in one currency. */
export type LimitState =
  { kind: "budget"; budgetId: string; periodStart: Date } | { kind: "credit"; tenantId: string; currency: string };

/** One state a hold counts against, in whole micro-units (see micro-units.ts in packages/domain). */
export interface HoldTarget {
  state: LimitState;
  /** A budget's amount, or the credit granted so far. */
  limitMicro: bigint;
  /** Only hard targets can refuse a hold; soft ones still carry it, so their state shows what is in flight. */
  hard: boolean;
  /** Spend (or credit used) as Postgres had it a moment ago; the state keeps the larger of this and its own. */
  spentMicro: bigint;
}

export interface ReserveInput {
  tenantId: string;
  reservationId: string;
  holdMicro: bigint;
  now: Date;
  expiresAt: Date;
  targets: readonly HoldTarget[];
}

export type ReserveResult = { held: true } | { held: false; deniedBy: HoldTarget };

/** A state's spend (or credit used) as committed in Postgres. */
export interface StateSpend {
  state: LimitState;
  spentMicro: bigint;
}

export interface LimitStateValue {
  spentMicro: bigint;
  heldMicro: bigint;
}

export interface SpendLimits {
  /** Atomically: releases the tenant's expired holds, then holds `holdMicro` against every target, or none. */
  reserve(input: ReserveInput): Promise<ReserveResult>;
  /** After usage is committed: raises spends to Postgres' values and releases the settled reservations. */
  settle(
    spends: readonly StateSpend[],
    reservations: readonly { tenantId: string; reservationId: string }[],
  ): Promise<number>;
  /** A state as Redis has it (null when none): for responses and tests. */
  state(state: LimitState): Promise<LimitStateValue | null>;
}

// States outlive their month by the 35 days events may arrive late, plus a margin; credit states as long unused.
const STATE_TTL_AFTER_PERIOD_MS = 40 * 24 * 3600 * 1000;

/** Hard-limit state in Redis under `prefix` (hash-tagged, e.g. "{tollgate}"). */
export function createSpendLimits(redis: Redis, prefix: string): SpendLimits {
  const stateKey = (state: LimitState) =>
    state.kind === "budget"
      ? `${prefix}:limits:budget:${state.budgetId}:${state.periodStart.getTime().toString()}`
      : `${prefix}:limits:credit:${state.tenantId}:${state.currency}`;
  const openKey = (tenantId: string) => `${prefix}:limits:open:${tenantId}`;
  const reservationPrefix = (tenantId: string) => `${prefix}:limits:resv:${tenantId}:`;
  const stateTtl = (targets: readonly HoldTarget[], now: Date) =>
    Math.max(
      0,
      ...targets.map((t) => (t.state.kind === "budget" ? latestPeriodEnd(t.state.periodStart) - now.getTime() : 0)),
    ) + STATE_TTL_AFTER_PERIOD_MS;

  return {
    async reserve(input) {
      const keys = [
        openKey(input.tenantId),
        reservationPrefix(input.tenantId) + input.reservationId,
        ...input.targets.map((t) => stateKey(t.state)),
      ];
      const args = [
        input.now.getTime().toString(),
        input.expiresAt.getTime().toString(),
        input.holdMicro.toString(),
        input.reservationId,
        reservationPrefix(input.tenantId),
        stateTtl(input.targets, input.now).toString(),
        ...input.targets.flatMap((t) => [t.limitMicro.toString(), t.hard ? "1" : "0", t.spentMicro.toString()]),
      ];
      const [held, index] = (await RESERVE.run(redis, keys, args)) as [number, number?];
      if (held === 1) return { held: true };
      const deniedBy = input.targets[(index ?? 1) - 1];
      if (!deniedBy) throw new Error("reserve script named no limit state");
      return { held: false, deniedBy };
    },

    async settle(spends, reservations) {
      if (spends.length === 0 && reservations.length === 0) return 0;
      const keys = [
        ...spends.map((s) => stateKey(s.state)),
        ...reservations.flatMap((r) => [openKey(r.tenantId), reservationPrefix(r.tenantId) + r.reservationId]),
      ];
      const args = [
        spends.length.toString(),
        ...spends.map((s) => s.spentMicro.toString()),
        ...reservations.map((r) => r.reservationId),
      ];
      return Number(await SETTLE.run(redis, keys, args));
    },

    async state(state) {
      const [spent, held] = await redis.hmget(stateKey(state), "spent", "held");
      if (spent === null || spent === undefined || held === null || held === undefined) return null;
      return { spentMicro: BigInt(spent), heldMicro: BigInt(held) };
    },
  };
}

/** No billing period is longer than 31 days, whatever the tenant's anchor day (see billingPeriodEnd). */
function latestPeriodEnd(periodStart: Date): number {
  return periodStart.getTime() + 31 * 24 * 3600 * 1000;
}
