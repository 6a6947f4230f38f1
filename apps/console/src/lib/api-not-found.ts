import { TRPCClientError } from "@trpc/client";

/** Whether the api answered NOT_FOUND (404): the thing asked for does not exist, or not for this caller. */
export function isApiNotFound(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "NOT_FOUND";
}
