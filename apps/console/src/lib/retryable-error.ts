import { TRPCClientError } from "@trpc/client";

/** Statuses a second attempt can change: the server's own failure, a timeout, a rate limit. */
const TRANSIENT_STATUSES = new Set([408, 429]);

/**
 * Whether trying the same request again can succeed. A network failure or a 5xx can pass; a 4xx answer (bad input,
 * not found, forbidden, a conflict) is the same answer next time, so offering Retry there only wastes the user's
 * time. A 401 is the session's end, which the layout already turns into the sign-in form.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return true;
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  // No status: the api was not reached (offline, a proxy's HTML page), which may well pass.
  if (status === undefined) return true;
  return status >= 500 || TRANSIENT_STATUSES.has(status);
}
