import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, redisScript, type Redis } from "../src/index.ts";
import { startRedisServer, type RedisServer } from "../src/testing/index.ts";

// Its own redis-server: SCRIPT FLUSH must not touch the shared one other suites use.
let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = createRedis(server.url, "worker");
});

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const incrementBy = redisScript(`return redis.call('INCRBY', KEYS[1], ARGV[1])`);

describe("redisScript", () => {
  it("runs by hash, and loads the script again after Redis forgot it", async () => {
    expect(await incrementBy.run(redis, ["counter"], [2])).toBe(2);
    expect(await redis.script("EXISTS", createSha(`return redis.call('INCRBY', KEYS[1], ARGV[1])`))).toEqual([1]);
    await redis.script("FLUSH");
    expect(await incrementBy.run(redis, ["counter"], [3])).toBe(5);
    expect(await redis.get("counter")).toBe("5");
  });

  it("passes script errors through", async () => {
    const failing = redisScript(`return redis.error_reply('boom')`);
    await expect(failing.run(redis, [], [])).rejects.toThrow("boom");
  });
});

function createSha(source: string): string {
  return createHash("sha1").update(source).digest("hex");
}
