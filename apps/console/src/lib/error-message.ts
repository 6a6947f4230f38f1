import { TRPCClientError } from "@trpc/client";

/** A message fit for the screen: the server's own message for known errors, a plain one for network failures. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === undefined) return "Cannot reach the Tollgate API. Check your connection and try again.";
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
