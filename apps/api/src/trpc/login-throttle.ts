import { AppError } from "@tollgate/domain";
import type { LoginThrottle } from "@tollgate/trpc";
import type { LoginLimiter } from "../auth/login-limiter.ts";

/**
 * The limiter bound to one request's client address. A refusal sets Retry-After on the HTTP response (a batched
 * request's response carries it when any of its calls was refused). Redis being away fails logins closed (503):
 * without the counters, guesses would go unthrottled.
 */
export function bindLoginThrottle(
  limiter: LoginLimiter,
  address: string,
  setRetryAfter: (seconds: number) => void,
): LoginThrottle {
  const unavailable = (error: unknown) =>
    new AppError("unavailable", "sign-in is unavailable (the login throttle cannot reach Redis); try again shortly", {
      cause: error instanceof Error ? error.message : String(error),
    });
  return {
    async attempt(email) {
      const decision = await limiter.attempt(email, address).catch((error: unknown) => {
        throw unavailable(error);
      });
      if (decision.allowed) return;
      setRetryAfter(decision.retryAfterSeconds);
      throw new AppError("rate_limited", "too many failed sign-ins; try again later", {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    },
    async succeeded(email) {
      // The login itself succeeded; failing to take back its count only makes the throttle stricter.
      await limiter.succeeded(email, address).catch(() => undefined);
    },
  };
}
