import { AppError } from "@tollgate/domain";

/**
 * A dependency failed while serving a valid request: the client did nothing wrong, so it gets 503 (or 429 when
 * Redis is out of memory under noeviction, which clears as the worker drains) with Retry-After, never a 500.
 */
export function serviceFailure(dependency: "redis" | "postgres", error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (dependency === "redis" && message.startsWith("OOM")) {
    return new AppError("rate_limited", "the event queue is full; retry later", { retryAfterSeconds: 5 });
  }
  const what = dependency === "redis" ? "the event queue" : "API key lookup";
  return new AppError("unavailable", `${what} is unavailable; retry later`, { retryAfterSeconds: 1 });
}
