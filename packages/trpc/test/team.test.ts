import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { createDbClient, type Db } from "@tollgate/db";
import type { Principal, UserPrincipal } from "@tollgate/use-cases/access";
import { createSession, createUser, resolveSession } from "@tollgate/use-cases/accounts";
import { inviteMember, INVITATION_TTL_MS } from "@tollgate/use-cases/team";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCallerFactory } from "../src/index.ts";

const createCaller = createCallerFactory(appRouter);
let database: TestDatabase;
let db: Db;
const tenants = { a: "", b: "" };
const users = {} as Record<"operator" | "adminA" | "viewerA" | "adminB", UserPrincipal>;
const PASSWORD = "a-long-enough-password";

/** A caller whose cookie jar and throttle are recorded, so sign-ins can be checked. */
function caller(principal: Principal | null) {
  const cookies: string[] = [];
  const attempts: string[] = [];
  const api = createCaller({
    db,
    principal,
    invoiceIssuer: DEFAULT_INVOICE_ISSUER,
    announceKeyRevocation: () => Promise.resolve(),
    session: { token: null, set: (token) => cookies.push(token), clear: () => undefined },
    loginThrottle: {
      attempt: (key) => {
        attempts.push(key);
        return Promise.resolve();
      },
      succeeded: () => Promise.resolve(),
    },
  });
  return { api, cookies, attempts };
}

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

const tokenOf = (link: string) => link.replace("/invite#token=", "");

async function mk(email: string, role: "operator" | "tenant_admin" | "tenant_viewer", tenantId: string | null) {
  const user = await createUser(db, { email, name: email, password: PASSWORD, role, tenantId });
  return { kind: "user", userId: user.id, email, role, tenantId } satisfies UserPrincipal;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 8 });
  tenants.a = (await db.tenant.create({ data: { name: "A", slug: "a" } })).id;
  tenants.b = (await db.tenant.create({ data: { name: "B", slug: "b" } })).id;
  users.operator = await mk("op@x.example", "operator", null);
  users.adminA = await mk("admin@a.example", "tenant_admin", tenants.a);
  users.viewerA = await mk("viewer@a.example", "tenant_viewer", tenants.a);
  users.adminB = await mk("admin@b.example", "tenant_admin", tenants.b);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("team invitations", () => {
  it("invite → accept → signed in → login: the invited viewer joins with the invited role", async () => {
    const admin = caller(users.adminA).api;
    const issued = await admin.team.invite({ email: "New.Viewer@A.example", role: "tenant_viewer" });
    expect(issued.link).toMatch(/^\/invite#token=[A-Za-z0-9_-]{43}$/);
    expect(issued.invitation).toMatchObject({
      email: "new.viewer@a.example",
      role: "tenant_viewer",
      status: "pending",
    });
    // Only the hash is stored.
    const stored = await db.teamInvitation.findUniqueOrThrow({ where: { id: issued.invitation.id } });
    expect(JSON.stringify(stored)).not.toContain(issued.token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(INVITATION_TTL_MS);
    expect((await admin.team.list({})).invitations.map((invitation) => invitation.id)).toContain(issued.invitation.id);

    const visitor = caller(null);
    const signedIn = await visitor.api.auth.acceptInvitation({
      token: tokenOf(issued.link),
      name: " New Viewer ",
      password: PASSWORD,
    });
    expect(signedIn).toMatchObject({
      email: "new.viewer@a.example",
      name: "New Viewer",
      role: "tenant_viewer",
      tenant: { id: tenants.a },
    });
    expect(visitor.attempts).toHaveLength(1);
    // The session cookie the visitor got is a working session of the new user.
    expect(visitor.cookies).toHaveLength(1);
    expect(await resolveSession(db, visitor.cookies[0] ?? "")).toMatchObject({
      kind: "user",
      userId: signedIn.id,
      role: "tenant_viewer",
      tenantId: tenants.a,
    });
    const acceptedAt = (await db.user.findUniqueOrThrow({ where: { id: signedIn.id } })).lastSignInAt;
    expect(acceptedAt).not.toBeNull();
    const beforeLogin = Date.now();
    const login = await caller(null).api.auth.login({ email: "new.viewer@a.example", password: PASSWORD });
    expect(login.id).toBe(signedIn.id);

    const team = await admin.team.list({});
    expect(team.members.map((member) => member.email)).toContain("new.viewer@a.example");
    // Accepting signed the viewer in, and the login after it moved the last sign-in forward.
    const lastSignIn = team.members.find((member) => member.id === signedIn.id)?.lastSignInAt ?? "";
    expect(Date.parse(lastSignIn)).toBeGreaterThanOrEqual(beforeLogin);
    expect(team.invitations.map((invitation) => invitation.id)).not.toContain(issued.invitation.id);
    expect(
      await db.auditLog.count({
        where: { tenantId: tenants.a, action: { in: ["team_invitation.create", "user.create"] } },
      }),
    ).toBeGreaterThanOrEqual(2);

    // The new viewer reads the team but cannot invite.
    const viewer = caller({
      kind: "user",
      userId: signedIn.id,
      email: signedIn.email,
      role: "tenant_viewer",
      tenantId: tenants.a,
    });
    expect((await viewer.api.team.list({})).members.length).toBeGreaterThan(0);
    expect(await trpcCode(viewer.api.team.invite({ email: "x@a.example", role: "tenant_admin" }))).toBe("FORBIDDEN");
  });

  it("a token works once, also when accepted concurrently: one user, the others refused", async () => {
    const issued = await caller(users.adminA).api.team.invite({ email: "race@a.example", role: "tenant_admin" });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) =>
        caller(null).api.auth.acceptInvitation({
          token: issued.token,
          name: `Racer ${index.toString()}`,
          password: PASSWORD,
        }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect((result.reason as TRPCError).code).toBe("FORBIDDEN");
    }
    expect(await db.user.count({ where: { email: "race@a.example" } })).toBe(1);
    expect(
      await trpcCode(caller(null).api.auth.acceptInvitation({ token: issued.token, name: "Late", password: PASSWORD })),
    ).toBe("FORBIDDEN");
  });

  it("refuses expired, revoked, replaced and unknown tokens with a 4xx and changes nothing", async () => {
    const expired = await inviteMember(
      db,
      tenants.a,
      { email: "late@a.example", role: "tenant_viewer" },
      users.adminA,
      new Date(Date.now() - INVITATION_TTL_MS - 1000),
    );
    const visitor = caller(null).api;
    const accept = (token: string) => visitor.auth.acceptInvitation({ token, name: "X", password: PASSWORD });
    expect(await trpcCode(accept(expired.token))).toBe("FORBIDDEN");
    await expect(accept(expired.token)).rejects.toThrow(/expired/);

    const admin = caller(users.adminA).api;
    const revoked = await admin.team.invite({ email: "revoked@a.example", role: "tenant_viewer" });
    expect((await admin.team.revokeInvitation({ invitationId: revoked.invitation.id })).status).toBe("revoked");
    await expect(accept(revoked.token)).rejects.toThrow(/revoked/);

    // Inviting again replaces the pending invitation: the old link stops working, the new one works.
    const first = await admin.team.invite({ email: "twice@a.example", role: "tenant_viewer" });
    const second = await admin.team.invite({ email: "twice@a.example", role: "tenant_admin" });
    await expect(accept(first.token)).rejects.toThrow(/revoked/);
    expect(await trpcCode(accept("no-such-token"))).toBe("NOT_FOUND");
    expect(await trpcCode(visitor.auth.acceptInvitation({ token: second.token, name: "X", password: "short" }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await db.user.count({ where: { email: { in: ["late@a.example", "revoked@a.example", "twice@a.example"] } } }),
    ).toBe(0);
    expect((await accept(second.token)).role).toBe("tenant_admin");
  });

  it("409 for an email that has a user, at invitation and at acceptance", async () => {
    const admin = caller(users.adminA).api;
    expect(await trpcCode(admin.team.invite({ email: "admin@b.example", role: "tenant_viewer" }))).toBe("CONFLICT");
    const issued = await admin.team.invite({ email: "taken-later@a.example", role: "tenant_viewer" });
    await mk("taken-later@a.example", "tenant_viewer", tenants.b);
    expect(
      await trpcCode(caller(null).api.auth.acceptInvitation({ token: issued.token, name: "X", password: PASSWORD })),
    ).toBe("CONFLICT");
    // Nothing changed: the invitation is still pending.
    const row = await db.teamInvitation.findUniqueOrThrow({ where: { id: issued.invitation.id } });
    expect(row.acceptedAt).toBeNull();
  });
});

describe("team roles and removal", () => {
  it("a viewer changes nothing: no invite, role change, removal or revocation (FORBIDDEN)", async () => {
    const viewer = caller(users.viewerA).api;
    const issued = await caller(users.adminA).api.team.invite({ email: "pending@a.example", role: "tenant_viewer" });
    expect(await trpcCode(viewer.team.invite({ email: "v@a.example", role: "tenant_admin" }))).toBe("FORBIDDEN");
    expect(await trpcCode(viewer.team.changeRole({ userId: users.viewerA.userId, role: "tenant_admin" }))).toBe(
      "FORBIDDEN",
    );
    expect(await trpcCode(viewer.team.remove({ userId: users.adminA.userId }))).toBe("FORBIDDEN");
    expect(await trpcCode(viewer.team.revokeInvitation({ invitationId: issued.invitation.id }))).toBe("FORBIDDEN");
    expect((await db.user.findUniqueOrThrow({ where: { id: users.viewerA.userId } })).role).toBe("tenant_viewer");
  });

  it("never demotes or removes the last admin, nor oneself (409), operators included", async () => {
    const adminB = caller(users.adminB).api;
    const operator = caller(users.operator).api;
    const target = { tenantId: tenants.b, userId: users.adminB.userId };
    expect(await trpcCode(adminB.team.changeRole({ userId: users.adminB.userId, role: "tenant_viewer" }))).toBe(
      "CONFLICT",
    );
    expect(await trpcCode(adminB.team.remove({ userId: users.adminB.userId }))).toBe("CONFLICT");
    await expect(operator.team.changeRole({ ...target, role: "tenant_viewer" })).rejects.toThrow(/last admin/);
    expect(await trpcCode(operator.team.remove(target))).toBe("CONFLICT");

    // With a second admin, the operator may demote the first; then the second is the last one.
    const second = await mk("second@b.example", "tenant_admin", tenants.b);
    expect((await operator.team.changeRole({ ...target, role: "tenant_viewer" })).role).toBe("tenant_viewer");
    expect(await trpcCode(operator.team.remove({ tenantId: tenants.b, userId: second.userId }))).toBe("CONFLICT");
    expect((await operator.team.changeRole({ ...target, role: "tenant_admin" })).role).toBe("tenant_admin");
    expect(await db.auditLog.count({ where: { tenantId: tenants.b, action: "user.role_change" } })).toBe(2);
  });

  it("removal disables the user and ends their sessions at once", async () => {
    const member = await mk("leaving@a.example", "tenant_admin", tenants.a);
    const sessions = [await createSession(db, member.userId), await createSession(db, member.userId)];
    const removed = await caller(users.adminA).api.team.remove({ userId: member.userId });
    expect(removed).toMatchObject({ id: member.userId, sessionsEnded: 2 });
    expect(removed.disabledAt).not.toBeNull();
    for (const token of sessions) expect(await resolveSession(db, token)).toBeNull();
    expect(await trpcCode(caller(null).api.auth.login({ email: "leaving@a.example", password: PASSWORD }))).toBe(
      "UNAUTHORIZED",
    );
    // Still listed, as removed; removing again changes nothing.
    const listed = (await caller(users.viewerA).api.team.list({})).members.find((m) => m.id === member.userId);
    expect(listed?.disabledAt).not.toBeNull();
    expect((await caller(users.adminA).api.team.remove({ userId: member.userId })).sessionsEnded).toBe(0);
    expect(await db.auditLog.count({ where: { action: "user.remove", targetId: member.userId } })).toBe(1);
  });

  it("a tenant admin acts on its own tenant only", async () => {
    const adminA = caller(users.adminA).api;
    expect(await trpcCode(adminA.team.list({ tenantId: tenants.b }))).toBe("FORBIDDEN");
    expect(await trpcCode(adminA.team.remove({ tenantId: tenants.b, userId: users.adminB.userId }))).toBe("FORBIDDEN");
    // B's user named without a tenant: A's team has no such user.
    expect(await trpcCode(adminA.team.remove({ userId: users.adminB.userId }))).toBe("NOT_FOUND");
    expect(await trpcCode(adminA.team.changeRole({ userId: users.adminB.userId, role: "tenant_viewer" }))).toBe(
      "NOT_FOUND",
    );
    const invitationB = await caller(users.adminB).api.team.invite({
      email: "b-only@b.example",
      role: "tenant_viewer",
    });
    expect(await trpcCode(adminA.team.revokeInvitation({ invitationId: invitationB.invitation.id }))).toBe("NOT_FOUND");
    expect((await adminA.team.list({})).invitations.map((invitation) => invitation.email)).not.toContain(
      "b-only@b.example",
    );
  });
});
