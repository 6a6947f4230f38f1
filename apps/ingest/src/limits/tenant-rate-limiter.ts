import { redisScript, type Redis } from "@tollgate/queues";

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: whole seconds until the tenant's window resets (a Retry-After value, at least 1). */
  retryAfterSeconds: number;
}

export interface TenantRateLimiter {
  consume(tenantId: string, events: number): Promise<RateLimitDecision>;
}

// A fixed window that starts at the tenant's first event: INCRBY, expire a new window, and give the events back when
// over the limit so refused requests do not count. One script, so it holds across ingest replicas without races.
const CONSUME = redisScript(`
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
if count <= tonumber(ARGV[2]) then return 0 end
redis.call('DECRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
end
return ttl
`);

/**
 * Per-tenant events-per-window limit in Redis. A request counts all its events (valid or not); a request larger than
 * the limit itself is always refused, so keep the limit at or above the 1,000-event request maximum.
 */
export function createTenantRateLimiter(
  redis: Redis,
  prefix: string,
  options: { eventsPerWindow: number; windowMs?: number },
): TenantRateLimiter {
  const windowMs = options.windowMs ?? 1000;
  return {
    async consume(tenantId, events) {
      const waitMs = Number(
        await CONSUME.run(redis, [`${prefix}:ingest-rate:${tenantId}`], [events, options.eventsPerWindow, windowMs]),
      );
      return { allowed: waitMs === 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
  };
}
