import type { Db } from "@tollgate/db";
import type { Redis } from "ioredis";
import { countStoredEvents } from "./pipeline-totals.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./priced-tenant.ts";
import { waitForDrainedQueue, type QueueCounts } from "./queue-state.ts";
import { startStackWithClients } from "./stack-clients.ts";
import type { TestStack, TestStackOptions } from "./test-stack.ts";

export const PRICED_MODEL = "e2e/priced-model";
/** Per 1M tokens; fractional rates so amounts carry many decimals. */
export const PRICES = { input: "2.5", cached_input: "0.25", output: "10" };

export interface PipelineFixture {
  stack: TestStack;
  db: Db;
  /** A client of the stack's Redis, for reading queue state. */
  redis: Redis;
  tenant: TenantWithKey;
  /** Waits until the queue is empty and the tenant's stored event count is stable; returns the job counts. */
  settle(timeoutMs?: number): Promise<QueueCounts>;
  close(): Promise<Record<string, number | null>>;
}

/** A running stack with one tenant subscribed to a plan that prices PRICED_MODEL. */
export async function startPipelineFixture(
  options: TestStackOptions & { tenantName: string },
): Promise<PipelineFixture> {
  const { stack, db, redis, close } = await startStackWithClients(options);
  const tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, options.tenantName);
  await subscribeToPricedPlan(db, tenant.tenantId, PRICED_MODEL, PRICES);
  return {
    stack,
    db,
    redis,
    tenant,
    settle: (timeoutMs = 300_000) =>
      waitForDrainedQueue(redis, stack.queuePrefix, () => countStoredEvents(db, tenant.tenantId), {
        timeoutMs,
        assertAlive: () => {
          for (const service of [stack.services.ingest, ...stack.workers]) {
            const { exitCode, signalCode } = service.child;
            if (exitCode !== null || signalCode !== null) {
              throw new Error(`${service.name} died (${String(exitCode ?? signalCode)}):\n${service.output()}`);
            }
          }
        },
      }),
    close,
  };
}
