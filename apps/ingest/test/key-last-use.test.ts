import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestDatabase, startTestIngest, type IngestDatabase } from "./support/ingest-fixture.ts";

let database: IngestDatabase;

beforeAll(async () => {
  database = await createIngestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe("API key last use", () => {
  it("is recorded in memory and written by the next flush (here: at shutdown), not per request", async () => {
    const ingest = await startTestIngest(database, { keyCacheTtlMs: 600_000 });
    const keyId = database.keys.ingestKeyId;
    for (let index = 0; index < 20; index += 1) {
      expect((await ingest.post({ id: `lu-${index.toString()}`, model: "m" })).statusCode).toBe(202);
    }
    // The flush interval (5 s) has not passed: nothing is written yet.
    expect((await database.db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).lastUsedAt).toBeNull();
    await ingest.close();
    expect((await database.db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).lastUsedAt).not.toBeNull();
  });
});
