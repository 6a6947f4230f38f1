import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export interface RedisScript {
  /** Runs the script by its SHA1 (EVALSHA); loads it with EVAL only when this Redis does not have it yet. */
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

/**
 * A Lua script sent by hash: EVAL would send (and Redis hash) the whole source on every call, which on the
 * per-request paths (rate limit, reservations) cost more than the script itself.
 */
export function redisScript(source: string): RedisScript {
  const sha = createHash("sha1").update(source).digest("hex");
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        // A restarted or flushed Redis forgets scripts: EVAL loads it again.
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}
