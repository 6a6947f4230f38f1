import { createDbClient, type Db } from "@tollgate/db";
import { Redis } from "ioredis";
import { startTestStack, type TestStack, type TestStackOptions } from "./test-stack.ts";

/** Marks the test's own Postgres connections, so a test that terminates the services' connections spares them. */
export const TEST_APPLICATION_NAME = "tollgate-e2e-test";

export interface StackWithClients {
  stack: TestStack;
  /** The test's own Postgres client (two connections, named TEST_APPLICATION_NAME). */
  db: Db;
  /** A client of the stack's Redis, for reading queue state. */
  redis: Redis;
  /** Disconnects the clients, then stops the stack; returns the services' exit codes. */
  close: () => Promise<Record<string, number | null>>;
}

/** A running stack and the test's own clients of its database and Redis. */
export async function startStackWithClients(options: TestStackOptions = {}): Promise<StackWithClients> {
  const stack = await startTestStack(options);
  const url = new URL(stack.databaseUrl);
  url.searchParams.set("application_name", TEST_APPLICATION_NAME);
  const db = createDbClient(url.toString(), { maxConnections: 2 });
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
  // Crash tests take Redis away on purpose; this client just reconnects.
  redis.on("error", () => undefined);
  return {
    stack,
    db,
    redis,
    close: async () => {
      redis.disconnect();
      await db.$disconnect();
      return stack.stop();
    },
  };
}
