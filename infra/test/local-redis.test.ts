import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRedisServer, redisDurabilityProblems, startLocalRedis, type LocalRedis } from "../local/start/redis.ts";
import { ROOT } from "./support/app-env.ts";

const binary = findRedisServer(process.env.PATH ?? "");
const dataDir = mkdtempSync(join(tmpdir(), "tollgate-local-redis-"));
let local: LocalRedis;

beforeAll(async () => {
  if (!binary) throw new Error("redis-server is not on PATH");
  local = await startLocalRedis({
    binary,
    confFile: join(ROOT, "infra/redis.conf"),
    dataDir,
    logFile: join(dataDir, "redis.log"),
    env: process.env,
  });
});

afterAll(async () => {
  await local.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the redis-server `npm start` launches", () => {
  it("fsyncs every write to the append-only file and never evicts", async () => {
    expect(await redisDurabilityProblems(local.url)).toEqual([]);
  });

  it("reports a Redis whose settings differ", async () => {
    const other = await startLocalRedis({
      binary: binary!,
      confFile: join(ROOT, "infra/redis.conf"),
      dataDir: join(dataDir, "other"),
      logFile: join(dataDir, "other.log"),
      env: process.env,
    });
    try {
      const { Redis } = await import("ioredis");
      const client = new Redis(other.url);
      await client.call("CONFIG", "SET", "appendfsync", "everysec");
      client.disconnect();
      expect(await redisDurabilityProblems(other.url)).toEqual(["appendfsync is everysec (want always)"]);
    } finally {
      await other.stop();
    }
  });
});
