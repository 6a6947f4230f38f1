import type { Db } from "@tollgate/db";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { appRouter, createCallerFactory } from "../../src/index.ts";

const createCaller = createCallerFactory(appRouter);

/** The router called as `principal` signed in to the console would call it (no session cookie or throttle). */
export function userCaller(db: Db, principal: UserPrincipal) {
  return createCaller({
    db,
    principal,
    invoiceIssuer: DEFAULT_INVOICE_ISSUER,
    announceKeyRevocation: () => Promise.resolve(),
    session: { token: null, set: () => undefined, clear: () => undefined },
    loginThrottle: { attempt: () => Promise.resolve(), succeeded: () => Promise.resolve() },
  });
}

/** The tRPC error code a call is refused with (it must be refused). */
export async function trpcCode(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}
