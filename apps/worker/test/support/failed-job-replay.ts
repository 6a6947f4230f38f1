import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { createRedis, listFailedJobs, replayFailedJob, type FailedJobSummary } from "@tollgate/queues";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import pg from "pg";

const REDIS_URL = "redis://127.0.0.1:6379";

/**
 * What a replay suite runs its real consumer on: a database of its own (a pg pool and a Prisma client on it) and a
 * Redis key prefix of its own, with a worker-role connection for the consumer.
 */
export interface ReplayGround {
  pool: pg.Pool;
  db: Db;
  prefix: string;
  /** A worker-role connection for the consumer under test. */
  connection: Redis;
  /** Removes the prefix' keys, disconnects and drops the database (stop the consumer first). */
  close(): Promise<void>;
}

export async function startReplayGround(name: string): Promise<ReplayGround> {
  const database: TestDatabase = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  const db = createDbClient(database.url, { maxConnections: 4 });
  const prefix = `{tg-${name}-${randomUUID().slice(0, 8)}}`;
  const connection = createRedis(REDIS_URL, "worker");
  return {
    pool,
    db,
    prefix,
    connection,
    async close() {
      const keys = await connection.keys(`${prefix}*`);
      if (keys.length > 0) await connection.del(...keys);
      connection.disconnect();
      await db.$disconnect();
      await pool.end();
      await database.drop();
    },
  };
}

/** Polls a BullMQ job until it is in `state` (or throws after `timeoutMs`). */
export async function waitForJobState(queue: Queue, jobId: string, state: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await queue.getJobState(jobId);
    if (seen === state) return;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} is ${seen}, not ${state}, after ${timeoutMs.toString()} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The failed job as the operators' list shows it (the operations behind `/v1/admin/queues/{queue}/failed` and tRPC
 * `failedJobs.*`), then replayed through the same operation, and waited for until the real consumer completed it.
 * Returns the listed summary.
 */
export async function replayFailedAndWait(queue: Queue, jobId: string): Promise<FailedJobSummary> {
  await waitForJobState(queue, jobId, "failed");
  const listed = await listFailedJobs(queue, { limit: 100, offset: 0 });
  const summary = listed.jobs.find((job) => job.id === jobId);
  if (!summary) throw new Error(`job ${jobId} is not in the failed list`);
  await replayFailedJob(queue, jobId);
  await waitForJobState(queue, jobId, "completed");
  return summary;
}

/**
 * A real fault in the database: inserts into `table` raise `message` (a trigger) until the returned function
 * removes it. `when` (SQL over NEW) narrows it, e.g. to let the first rows through.
 */
export async function breakInserts(
  pool: pg.Pool,
  table: string,
  message: string,
  when = "true",
): Promise<() => Promise<void>> {
  const name = `replay_fault_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await pool.query(`
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF ${when} THEN RAISE EXCEPTION '%', ${pg.escapeLiteral(message)}; END IF;
      RETURN NEW;
    END $$`);
  await pool.query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return async () => {
    await pool.query(`DROP TRIGGER ${name} ON ${table}`);
    await pool.query(`DROP FUNCTION ${name}()`);
  };
}
