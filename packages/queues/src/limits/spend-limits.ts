import type { Redis } from "ioredis";
import { RESERVE_SCRIPT, SETTLE_SCRIPT } from "./limit-scripts.ts";

/** One budget a hold counts against, in whole micro-units (see micro-units.ts in packages/domain). */
export interface BudgetHoldTarget {
  budgetId: string;
  periodStart: Date;
  limitMicro: bigint;
  /** Only hard budgets can refuse a hold; soft ones still carry it, so their state shows what is in flight. */
  hard: boolean;
  /** The period's spend as Postgres has it; used only when Redis holds no state for the budget yet. */
  spentMicro: bigint;
}

export interface ReserveInput {
  tenantId: string;
  reservationId: string;
  holdMicro: bigint;
  now: Date;
  expiresAt: Date;
  budgets: readonly BudgetHoldTarget[];
}

export type ReserveResult = { held: true } | { held: false; deniedBy: BudgetHoldTarget };

export interface BudgetSpend {
  budgetId: string;
  periodStart: Date;
  spentMicro: bigint;
}

export interface BudgetState {
  spentMicro: bigint;
  heldMicro: bigint;
}

export interface SpendLimits {
  /** Atomically: releases the tenant's expired holds, then holds `holdMicro` against every budget, or none. */
  reserve(input: ReserveInput): Promise<ReserveResult>;
  /** After usage is committed: raises budget spends to Postgres' values and releases the settled reservations. */
  settle(
    spends: readonly BudgetSpend[],
    reservations: readonly { tenantId: string; reservationId: string }[],
  ): Promise<number>;
  /** A budget's state in Redis (null when none): for the reservation response and tests. */
  state(budgetId: string, periodStart: Date): Promise<BudgetState | null>;
}

// Budget state outlives its period by the 35 days events may arrive late, plus a margin.
const STATE_TTL_AFTER_PERIOD_MS = 40 * 24 * 3600 * 1000;

/** Hard-limit state in Redis under `prefix` (hash-tagged, e.g. "{tollgate}"). */
export function createSpendLimits(redis: Redis, prefix: string): SpendLimits {
  const budgetKey = (budgetId: string, periodStart: Date) =>
    `${prefix}:limits:budget:${budgetId}:${periodStart.getTime().toString()}`;
  const openKey = (tenantId: string) => `${prefix}:limits:open:${tenantId}`;
  const reservationPrefix = (tenantId: string) => `${prefix}:limits:resv:${tenantId}:`;

  return {
    async reserve(input) {
      const keys = [
        openKey(input.tenantId),
        reservationPrefix(input.tenantId) + input.reservationId,
        ...input.budgets.map((b) => budgetKey(b.budgetId, b.periodStart)),
      ];
      const stateTtl = Math.max(...input.budgets.map((b) => nextMonth(b.periodStart) - input.now.getTime()), 0);
      const args = [
        input.now.getTime().toString(),
        input.expiresAt.getTime().toString(),
        input.holdMicro.toString(),
        input.reservationId,
        reservationPrefix(input.tenantId),
        (stateTtl + STATE_TTL_AFTER_PERIOD_MS).toString(),
        ...input.budgets.flatMap((b) => [b.limitMicro.toString(), b.hard ? "1" : "0", b.spentMicro.toString()]),
      ];
      const [held, index] = (await redis.eval(RESERVE_SCRIPT, keys.length, ...keys, ...args)) as [number, number?];
      if (held === 1) return { held: true };
      const deniedBy = input.budgets[(index ?? 1) - 1];
      if (!deniedBy) throw new Error("reserve script named no budget");
      return { held: false, deniedBy };
    },

    async settle(spends, reservations) {
      if (spends.length === 0 && reservations.length === 0) return 0;
      const keys = [
        ...spends.map((s) => budgetKey(s.budgetId, s.periodStart)),
        ...reservations.flatMap((r) => [openKey(r.tenantId), reservationPrefix(r.tenantId) + r.reservationId]),
      ];
      const args = [
        spends.length.toString(),
        ...spends.map((s) => s.spentMicro.toString()),
        ...reservations.map((r) => r.reservationId),
      ];
      return Number(await redis.eval(SETTLE_SCRIPT, keys.length, ...keys, ...args));
    },

    async state(budgetId, periodStart) {
      const values = await redis.hmget(budgetKey(budgetId, periodStart), "spent", "held");
      const [spent, held] = values;
      if (spent === null || spent === undefined || held === null || held === undefined) return null;
      return { spentMicro: BigInt(spent), heldMicro: BigInt(held) };
    },
  };
}

function nextMonth(periodStart: Date): number {
  return Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1);
}
