import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authorize, type AccessNeed, type Principal } from "@tollgate/use-cases/access";

const A = randomUUID();
const B = randomUUID();
const key = (scopes: ("ingest" | "read")[]): Principal => ({
  kind: "api_key",
  keyId: null,
  prefix: "k",
  tenantId: A,
  scopes,
});
const user = (role: "operator" | "tenant_admin" | "tenant_viewer"): Principal => ({
  kind: "user",
  userId: randomUUID(),
  email: "u@example.test",
  role,
  tenantId: role === "operator" ? null : A,
});
const operatorKey: Principal = { kind: "operator_key", keyId: null, prefix: "ops" };

/** What each principal may do in its own tenant (or, for operators, the tenant they name): the whole table. */
const ALLOWED: [string, Principal, AccessNeed[]][] = [
  ["operator key", operatorKey, ["operator", "tenant_read", "tenant_write"]],
  ["operator user", user("operator"), ["operator", "tenant_read", "tenant_write"]],
  ["tenant_admin", user("tenant_admin"), ["tenant_read", "tenant_write"]],
  ["tenant_viewer", user("tenant_viewer"), ["tenant_read"]],
  ["key []", key([]), []],
  ["key [ingest]", key(["ingest"]), ["ingest"]],
  ["key [read]", key(["read"]), ["tenant_read"]],
  ["key [ingest, read]", key(["ingest", "read"]), ["tenant_read", "ingest"]],
];
const NEEDS: AccessNeed[] = ["operator", "tenant_read", "tenant_write", "ingest"];

function outcome(principal: Principal | null, need: AccessNeed, tenantId?: string): string {
  try {
    const result = need === "operator" ? authorize(principal, need) : authorize(principal, need, tenantId);
    return typeof result === "string" ? (result === A ? "A" : result === B ? "B" : result) : "operator";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("authorize", () => {
  it.each(ALLOWED)("%s may do exactly what the table says", (_label, principal, allowed) => {
    const asOperator =
      principal.kind === "operator_key" || (principal.kind === "user" && principal.role === "operator");
    for (const need of NEEDS) {
      const expected = !allowed.includes(need)
        ? "forbidden"
        : need === "operator"
          ? "operator"
          : asOperator
            ? "B"
            : "A";
      expect({ need, got: outcome(principal, need, asOperator ? B : undefined) }).toEqual({ need, got: expected });
    }
  });

  it("never lets a tenant principal name another tenant, and accepts its own in any letter case", () => {
    for (const [, principal, allowed] of ALLOWED.slice(2)) {
      for (const need of allowed) {
        if (need === "operator") continue;
        expect(outcome(principal, need, B)).toBe("forbidden");
        expect(outcome(principal, need, A.toUpperCase())).toBe("A");
      }
    }
  });

  it("asks operators to name the tenant, and refuses the anonymous", () => {
    expect(outcome(operatorKey, "tenant_read")).toBe("bad_request");
    expect(outcome(user("operator"), "tenant_write")).toBe("bad_request");
    for (const need of NEEDS) expect(outcome(null, need, A)).toBe("unauthenticated");
  });
});
