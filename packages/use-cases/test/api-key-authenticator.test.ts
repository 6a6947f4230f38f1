import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import {
  createApiKey,
  createApiKeyAuthenticator,
  createApiKeyUsageRecorder,
  generateApiKey,
} from "@tollgate/use-cases/api-keys";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { countingDb, type CountingDb } from "./support/counting-db.ts";

let database: TestDatabase;
let db: Db;
let counted: CountingDb;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  counted = countingDb(db);
  tenantId = (await db.tenant.create({ data: { name: "Auth", slug: "auth" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const lookups = () => counted.count("ApiKey.findUnique");

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(work));
  }
}

describe("API key authenticator cache", () => {
  it("keeps serving a valid key from cache after 20,000 random keys, with both caches bounded", async () => {
    const { plaintext } = await createApiKey(db, { tenantId, name: "valid", scopes: ["ingest"] });
    const authenticate = createApiKeyAuthenticator(counted.db, { ttlMs: 600_000, negativeTtlMs: 600_000 });
    expect(await authenticate(plaintext)).toMatchObject({ tenantId });
    const before = lookups();

    // Shaped like real keys, so each one is a lookup that finds nothing.
    const random = Array.from({ length: 20_000 }, () => generateApiKey().plaintext);
    await inBatches(random, 200, async (key) => {
      expect(await authenticate(key)).toBeNull();
    });
    expect(lookups() - before).toBe(20_000);

    const afterFlood = lookups();
    expect(await authenticate(plaintext)).toMatchObject({ tenantId });
    expect(lookups()).toBe(afterFlood);
    const sizes = authenticate.cacheSizes();
    expect(sizes.known).toBe(1);
    expect(sizes.unknown).toBeLessThanOrEqual(10_000);
  });

  it("refuses strings not shaped like a key without a lookup and without caching them", async () => {
    const authenticate = createApiKeyAuthenticator(counted.db, { ttlMs: 600_000 });
    const before = lookups();
    for (let index = 0; index < 20_000; index += 1) {
      expect(await authenticate(randomBytes(24).toString("hex"))).toBeNull();
    }
    expect(lookups()).toBe(before);
    expect(authenticate.cacheSizes()).toEqual({ known: 0, unknown: 0 });
  });

  it("reuses a refusal only briefly", async () => {
    const authenticate = createApiKeyAuthenticator(counted.db, { ttlMs: 600_000, negativeTtlMs: 200 });
    const stranger = generateApiKey().plaintext;
    const before = lookups();
    await authenticate(stranger);
    await authenticate(stranger);
    expect(lookups() - before).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await authenticate(stranger);
    expect(lookups() - before).toBe(2);
  });

  it("refuses an expired key, even one it cached before it expired", async () => {
    const expired = await createApiKey(db, {
      tenantId,
      name: "expired",
      scopes: ["ingest"],
      expiresAt: new Date(Date.now() - 1000),
    });
    const soon = await createApiKey(db, {
      tenantId,
      name: "soon",
      scopes: ["ingest"],
      expiresAt: new Date(Date.now() + 400),
    });
    const authenticate = createApiKeyAuthenticator(db, { ttlMs: 600_000 });
    expect(await authenticate(expired.plaintext)).toBeNull();
    expect(await authenticate(soon.plaintext)).toMatchObject({ keyId: soon.apiKey.id });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await authenticate(soon.plaintext)).toBeNull();
  });
});

describe("API key last use", () => {
  it("is written in one UPDATE per flush however many requests authenticated", async () => {
    const keys = await Promise.all(
      ["u1", "u2", "u3"].map((name) => createApiKey(db, { tenantId, name, scopes: ["ingest"] })),
    );
    const recorder = createApiKeyUsageRecorder(counted.db, { flushIntervalMs: 3_600_000 });
    const authenticate = createApiKeyAuthenticator(counted.db, { ttlMs: 600_000, usage: recorder });
    const writes = () => counted.count("$executeRaw");
    const before = writes();

    await inBatches(
      Array.from({ length: 600 }, (_, index) => keys[index % keys.length]?.plaintext ?? ""),
      50,
      (key) => authenticate(key),
    );
    expect(writes()).toBe(before);
    await recorder.flush();
    expect(writes() - before).toBe(1);
    const stored = await db.apiKey.findMany({ where: { id: { in: keys.map((key) => key.apiKey.id) } } });
    expect(stored.map((key) => key.lastUsedAt)).not.toContain(null);

    // Nothing used since: a flush writes nothing; close writes what is left.
    await recorder.flush();
    expect(writes() - before).toBe(1);
    await authenticate(keys[0]?.plaintext ?? "");
    await recorder.close();
    expect(writes() - before).toBe(2);
  });
});
