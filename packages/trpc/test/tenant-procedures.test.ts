import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import type { Principal } from "@tollgate/use-cases/access";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Context } from "../src/context.ts";
import { createCallerFactory, router, tenantReadProcedure, tenantWriteProcedure } from "../src/trpc.ts";

// The middlewares alone, on a router of their own: the app router has no tenant mutation yet.
const testRouter = router({
  read: tenantReadProcedure.query(({ ctx }) => ctx.tenantId),
  write: tenantWriteProcedure.mutation(({ ctx }) => ctx.tenantId),
  /** A mutation built on the read procedure by mistake: still needs write access. */
  misbuilt: tenantReadProcedure.mutation(({ ctx }) => ctx.tenantId),
});

const A = randomUUID();
const B = randomUUID();
const user = (role: "operator" | "tenant_admin" | "tenant_viewer"): Principal => ({
  kind: "user",
  userId: randomUUID(),
  email: "u@example.test",
  role,
  tenantId: role === "operator" ? null : A,
});

function caller(principal: Principal | null) {
  // These procedures never reach the database: the context's db is not used.
  const ctx: Context = {
    db: null as never,
    principal,
    session: { token: null, set() {}, clear() {} },
    announceKeyRevocation: () => Promise.resolve(),
    invoiceIssuer: DEFAULT_INVOICE_ISSUER,
    loginThrottle: { attempt: () => Promise.resolve(), succeeded: () => Promise.resolve() },
  };
  return createCallerFactory(testRouter)(ctx);
}

describe("tenant procedures", () => {
  it("let a tenant_viewer read its own tenant and change nothing, even through a misbuilt mutation", async () => {
    const viewer = caller(user("tenant_viewer"));
    expect(await viewer.read({})).toBe(A);
    await expect(viewer.write({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.misbuilt({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("let a tenant_admin change its own tenant only", async () => {
    const admin = caller(user("tenant_admin"));
    expect(await admin.write({})).toBe(A);
    expect(await admin.misbuilt({ tenantId: A })).toBe(A);
    await expect(admin.write({ tenantId: B })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.read({ tenantId: B })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("make operators name the tenant, and refuse API keys and the anonymous", async () => {
    const operator = caller(user("operator"));
    expect(await operator.write({ tenantId: B })).toBe(B);
    await expect(operator.read({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const key: Principal = { kind: "operator_key", keyId: null, prefix: "ops" };
    for (const principal of [null, key]) {
      await expect(caller(principal).read({ tenantId: B })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
  });
});
