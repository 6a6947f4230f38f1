import type { Pool, PoolClient } from "pg";

/** serialization_failure and deadlock_detected: the transaction wrote nothing and may simply run again. */
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);
/** unique_violation: retried only for work that asks for it (a usage job's COPY met an event stored before). */
const UNIQUE_VIOLATION = "23505";
const MAX_TRANSACTION_ATTEMPTS = 5;

export interface TransactionAttempt {
  /** An earlier attempt of this call failed with unique_violation (only with `retryUniqueViolation`). */
  afterUniqueViolation: boolean;
}

/**
 * Runs `work` in one transaction on its own connection, committing when it returns. Serialization failures and
 * deadlocks are retried here (up to 5 attempts), and unique violations too with `retryUniqueViolation`; anything
 * else propagates so the queue retries the job. The one place the worker opens a transaction.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient, attempt: TransactionAttempt) => Promise<T>,
  options: { retryUniqueViolation?: boolean } = {},
): Promise<T> {
  const attempt: TransactionAttempt = { afterUniqueViolation: false };
  for (let count = 1; ; count += 1) {
    const client = await pool.connect();
    // A connection dropped while checked out (Postgres restart, pg_terminate_backend) is reported as an 'error'
    // event, which would crash the process without a listener; the pending or next query rejects anyway.
    let connectionLost = false;
    const onConnectionError = () => {
      connectionLost = true;
    };
    client.on("error", onConnectionError);
    try {
      await client.query("BEGIN");
      const result = await work(client, attempt);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        connectionLost = true;
      });
      const code = (error as { code?: string }).code;
      const uniqueViolation = options.retryUniqueViolation === true && code === UNIQUE_VIOLATION;
      if (uniqueViolation) attempt.afterUniqueViolation = true;
      const retryable = code !== undefined && (RETRYABLE_SQLSTATES.has(code) || uniqueViolation);
      if (count < MAX_TRANSACTION_ATTEMPTS && retryable) continue;
      throw error;
    } finally {
      client.off("error", onConnectionError);
      // A broken connection is closed rather than returned to the pool.
      client.release(connectionLost);
    }
  }
}
