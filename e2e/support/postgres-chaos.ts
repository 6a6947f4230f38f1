import type { Db } from "@tollgate/db";
import { TEST_APPLICATION_NAME } from "./stack-clients.ts";
import { randomDelay } from "./worker-chaos.ts";

/**
 * Until stop(), repeatedly terminates every backend connected to the stack's database (the services' connections,
 * mid-transaction or idle), sparing only the test's own connections. Returns how many backends it terminated.
 */
export function startPostgresTerminator(
  db: Db,
  databaseName: string,
  options: { minDelayMs?: number; maxDelayMs?: number } = {},
): { stop(): Promise<{ rounds: number; terminated: number }> } {
  const state = { stopping: false };
  let rounds = 0;
  let terminated = 0;
  const loop = (async () => {
    while (!state.stopping) {
      await randomDelay(options.minDelayMs ?? 100, options.maxDelayMs ?? 600);
      const rows = await db.$queryRawUnsafe<{ terminated: boolean }[]>(
        `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> $2`,
        databaseName,
        TEST_APPLICATION_NAME,
      );
      rounds += 1;
      terminated += rows.filter((row) => row.terminated).length;
    }
  })();
  return {
    async stop() {
      state.stopping = true;
      await loop;
      return { rounds, terminated };
    },
  };
}
