import { createHash } from "node:crypto";
import { redisScript, type Redis } from "@tollgate/queues";

export interface LoginLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailuresPerAccount: 10,
  maxFailuresPerAddress: 50,
  windowMs: 15 * 60 * 1000,
};

export type LoginDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Failed logins per account (email) and per client address, counted in Redis so every api replica shares them. */
export interface LoginLimiter {
  attempt(email: string, address: string): Promise<LoginDecision>;
  succeeded(email: string, address: string): Promise<void>;
}

// Refuse while either counter is at its limit (without counting: a locked-out caller cannot stretch the window),
// otherwise count the attempt on both before the password is checked. Counting first, in one script, is what makes
// concurrent calls (a batched request's) each count: checking now and counting after the password check would let
// every call of a batch pass the check at once. A fixed window starts at a counter's first attempt.
const ATTEMPT = redisScript(`
local wait = 0
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], ARGV[3])
      ttl = tonumber(ARGV[3])
    end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i = 1, 2 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return 0
`);

// A successful login takes back only its own attempt: the failures before it still count, so an attacker who knows
// one password cannot clear an address's (or an account's) record of failed guesses by signing in.
const SUCCEEDED = redisScript(`
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
`);

export function createLoginLimiter(
  redis: Redis,
  prefix: string,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
): LoginLimiter {
  // Emails are hashed: Redis need not hold who tried to sign in.
  const keys = (email: string, address: string) => [
    `${prefix}:login-failures:account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`,
    `${prefix}:login-failures:address:${address}`,
  ];
  return {
    async attempt(email, address) {
      const waitMs = Number(
        await ATTEMPT.run(redis, keys(email, address), [
          limits.maxFailuresPerAccount,
          limits.maxFailuresPerAddress,
          limits.windowMs,
        ]),
      );
      return waitMs === 0
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
    async succeeded(email, address) {
      await SUCCEEDED.run(redis, keys(email, address), []);
    },
  };
}
