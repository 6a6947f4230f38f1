import { createApiKey, revokeApiKey } from "@tollgate/use-cases/api-keys";
import { publishApiKeyRevocation } from "@tollgate/queues";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createIngestDatabase,
  startTestIngest,
  type IngestDatabase,
  type TestIngest,
} from "./support/ingest-fixture.ts";

let database: IngestDatabase;
const replicas: TestIngest[] = [];

beforeAll(async () => {
  database = await createIngestDatabase();
});

afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await database.drop();
});

describe("API key revocation", () => {
  it("is pushed through Redis: every ingest replica refuses the key at once, long before its cache TTL", async () => {
    // A 10-minute cache: only the push can explain a 401 within this test.
    const first = await startTestIngest(database, { keyCacheTtlMs: 600_000 });
    replicas.push(first);
    const second = await startSecondReplica(first);
    replicas.push(second);
    const { apiKey, plaintext } = await createApiKey(database.db, {
      tenantId: database.tenantId,
      name: "to-revoke",
      scopes: ["ingest"],
    });
    for (const replica of [first, second]) {
      expect((await replica.post({ id: "rv-1", model: "m" }, { key: plaintext })).statusCode).toBe(202);
    }
    // Other keys stay cached and working.
    expect((await first.post({ id: "rv-2", model: "m" })).statusCode).toBe(202);

    await revokeApiKey(database.db, apiKey.id, {
      announce: (keyId) => publishApiKeyRevocation(first.redis, first.prefix, keyId),
    });

    for (const replica of [first, second]) {
      await vi.waitFor(async () => {
        expect((await replica.post({ id: "rv-3", model: "m" }, { key: plaintext })).statusCode).toBe(401);
      });
    }
    expect((await first.post({ id: "rv-4", model: "m" })).statusCode).toBe(202);
  });
});

/** A second ingest on the same Redis prefix, as another replica would be. */
async function startSecondReplica(first: TestIngest): Promise<TestIngest> {
  const replica = await startTestIngest(database, { keyCacheTtlMs: 600_000 }, undefined, first.prefix);
  return replica;
}
