import { createSession, createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { trpcMutation } from "./support/trpc-call.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

/** Webhook endpoints and the delivery log over REST, as operators and tenants use them. */
interface Endpoint {
  id: string;
  url: string;
  events: string[];
  description: string;
  enabled: boolean;
  disabled_at: string | null;
  secret?: string;
}

let strict: ApiTestApp;
let open: ApiTestApp;
let keys: TenantKeys;
let openKeys: TenantKeys;

beforeAll(async () => {
  [strict, open] = await Promise.all([startApiTestApp(), startApiTestApp({ allowPrivateWebhooks: true })]);
  [keys, openKeys] = await Promise.all([createTenantKeys(strict.db), createTenantKeys(open.db)]);
});

afterAll(async () => {
  await Promise.all([strict.close(), open.close()]);
});

const endpointsPath = (tenantId: string) => `/v1/admin/tenants/${tenantId}/webhook-endpoints`;

describe("SSRF: webhook URLs are tenant input", () => {
  it("refuses loopback, private and metadata addresses and other schemes with a clear 400 by default", async () => {
    const cases: [string, RegExp][] = [
      ["http://127.0.0.1:8080/hook", /^url: 127\.0\.0\.1 is a loopback address; webhooks go to public addresses only/],
      ["https://10.0.0.7/hook", /^url: 10\.0\.0\.7 is a private address/],
      ["https://169.254.169.254/latest/meta-data", /^url: 169\.254\.169\.254 is a link-local address/],
      ["https://[::1]/hook", /^url: \[::1\] is a loopback address/],
      ["https://localhost/hook", /^url: localhost is a loopback address/],
      ["ftp://203.0.113.9/hook", /^url: scheme ftp: is not allowed/],
      ["http://203.0.113.9/hook", /^url: must use https/],
    ];
    for (const [url, message] of cases) {
      const response = await call(strict.app, "POST", endpointsPath(keys.tenantA), OPERATOR_KEY, {
        url,
        events: ["invoice.paid"],
      });
      expect({ url, status: response.status, code: response.body.error.code }).toEqual({
        url,
        status: 400,
        code: "bad_request",
      });
      expect(response.body.error.message).toMatch(message);
    }
    expect(await strict.db.webhookEndpoint.count()).toBe(0);
  });

  it("accepts a public https URL, and loopback http when the operator allows private networks", async () => {
    const publicUrl = await call<Endpoint>(strict.app, "POST", endpointsPath(keys.tenantA), OPERATOR_KEY, {
      url: "https://203.0.113.9/hooks",
      events: ["invoice.paid"],
    });
    expect(publicUrl.status).toBe(201);
    const loopback = await call<Endpoint>(open.app, "POST", endpointsPath(openKeys.tenantA), OPERATOR_KEY, {
      url: "http://127.0.0.1:9999/hooks",
      events: ["credit.low"],
    });
    expect(loopback.status).toBe(201);
  });
});

describe("endpoints", () => {
  it("shows the secret once at create and rotate, never in a read; PATCH, re-enable, DELETE; audited", async () => {
    const { app, db } = open;
    const tenantId = openKeys.tenantB;
    const created = await call<Endpoint>(app, "POST", endpointsPath(tenantId), OPERATOR_KEY, {
      url: "http://127.0.0.1:9/hooks",
      events: ["invoice.paid", "credit.low", "invoice.paid"],
      description: "billing system",
      reason: "tenant asked",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ events: ["invoice.paid", "credit.low"], description: "billing system" });
    const secret = created.body.secret ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);

    const operatorList = await call<{ webhook_endpoints: Endpoint[] }>(
      app,
      "GET",
      endpointsPath(tenantId),
      OPERATOR_KEY,
    );
    expect(operatorList.status).toBe(200);
    expect(operatorList.body.webhook_endpoints.map((e) => e.id)).toEqual([created.body.id]);
    const tenantList = await call<{ webhook_endpoints: Endpoint[] }>(
      app,
      "GET",
      "/v1/webhook-endpoints",
      openKeys.keyB,
    );
    expect(tenantList.body.webhook_endpoints.map((e) => e.id)).toEqual([created.body.id]);
    for (const body of [JSON.stringify(operatorList.body), JSON.stringify(tenantList.body)]) {
      expect(body).not.toContain(secret);
      expect(body).not.toContain("secret");
    }
    // Another tenant's read key sees only its own (none).
    const other = await call<{ webhook_endpoints: Endpoint[] }>(app, "GET", "/v1/webhook-endpoints", openKeys.keyA);
    expect(other.body.webhook_endpoints.map((e) => e.id)).not.toContain(created.body.id);

    const endpointPath = `${endpointsPath(tenantId)}/${created.body.id}`;
    const unknownEvent = await call(app, "PATCH", endpointPath, OPERATOR_KEY, { events: ["invoice.typo"] });
    expect(unknownEvent.status).toBe(400);
    const disabled = await call<Endpoint>(app, "PATCH", endpointPath, OPERATOR_KEY, { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false });
    expect(disabled.body.disabled_at).not.toBeNull();
    const enabled = await call<Endpoint>(app, "PATCH", endpointPath, OPERATOR_KEY, {
      enabled: true,
      events: ["credit.exhausted"],
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabled_at: null, events: ["credit.exhausted"] });

    const rotated = await call<Endpoint>(app, "POST", `${endpointPath}/rotate-secret`, OPERATOR_KEY, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.body.id } })).secret).toBe(
      rotated.body.secret,
    );

    expect((await call(app, "DELETE", endpointPath, OPERATOR_KEY)).status).toBe(204);
    expect((await call(app, "DELETE", endpointPath, OPERATOR_KEY)).status).toBe(404);
    const audit = await db.auditLog.findMany({ where: { targetId: created.body.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "webhook_endpoint.create",
      "webhook_endpoint.update",
      "webhook_endpoint.update",
      "webhook_endpoint.rotate_secret",
      "webhook_endpoint.delete",
    ]);
    const auditText = JSON.stringify(audit.map((a) => [a.before, a.after]));
    expect(auditText).toContain("billing system");
    expect(auditText).not.toContain(secret);
    expect(auditText).not.toContain(rotated.body.secret);
  });

  it("is not reachable by a tenant key, and an endpoint of another tenant is not found", async () => {
    const { app } = open;
    const created = await call<Endpoint>(app, "POST", endpointsPath(openKeys.tenantA), OPERATOR_KEY, {
      url: "http://127.0.0.1:9/a",
      events: ["invoice.paid"],
    });
    expect((await call(app, "GET", endpointsPath(openKeys.tenantA), openKeys.keyA)).status).toBe(403);
    const foreign = await call(app, "PATCH", `${endpointsPath(openKeys.tenantB)}/${created.body.id}`, OPERATOR_KEY, {
      description: "x",
    });
    expect(foreign.status).toBe(404);
  });
});

interface DeliveriesPage {
  deliveries: { id: string; event_type: string; status: string; endpoint_id: string; attempt_log: unknown[] }[];
  next_cursor: string | null;
}

describe("delivery log and redelivery", () => {
  it("lists newest first with filters and cursor pages; redelivery queues a job with references only", async () => {
    const { app, db, redis, prefix } = open;
    const tenantId = openKeys.tenantA;
    const endpoint = await call<Endpoint>(app, "POST", endpointsPath(tenantId), OPERATOR_KEY, {
      url: "http://127.0.0.1:9/log",
      events: ["invoice.paid", "credit.low"],
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const event = await db.webhookEvent.create({
        data: {
          tenantId,
          type: i % 2 === 0 ? "invoice.paid" : "credit.low",
          dedupeKey: `log-${i.toString()}`,
          payload: {},
        },
      });
      const delivery = await db.webhookDelivery.create({
        data: {
          tenantId,
          eventId: event.id,
          endpointId: endpoint.body.id,
          eventType: event.type,
          status: i === 4 ? "failed" : "succeeded",
          attempts: 1,
          createdAt: new Date(Date.UTC(2026, 11, 1, 0, i)),
          attemptsLog: {
            create: { attempt: 1, statusCode: i === 4 ? 500 : 200, latencyMs: 12, startedAt: new Date() },
          },
        },
      });
      ids.push(delivery.id);
    }
    const path = `/v1/admin/tenants/${tenantId}/webhook-deliveries`;
    const first = await call<DeliveriesPage>(app, "GET", `${path}?limit=2`, OPERATOR_KEY);
    expect(first.status).toBe(200);
    expect(first.body.deliveries.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    expect(first.body.deliveries[0]?.attempt_log).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 500, latency_ms: 12, manual: false }),
    ]);
    const second = await call<DeliveriesPage>(
      app,
      "GET",
      `${path}?limit=2&cursor=${encodeURIComponent(first.body.next_cursor ?? "")}`,
      OPERATOR_KEY,
    );
    expect(second.body.deliveries.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    const filtered = await call<DeliveriesPage>(app, "GET", `${path}?event_type=credit.low`, OPERATOR_KEY);
    expect(filtered.body.deliveries.map((d) => d.id)).toEqual([ids[3], ids[1]]);
    const failed = await call<DeliveriesPage>(
      app,
      "GET",
      `${path}?status=failed&endpoint_id=${endpoint.body.id}`,
      OPERATOR_KEY,
    );
    expect(failed.body.deliveries.map((d) => d.id)).toEqual([ids[4]]);
    const badCursor = await call(app, "GET", `${path}?cursor=abc.def`, OPERATOR_KEY);
    expect(badCursor.status).toBe(400);
    // The tenant's own read, and another tenant's cursor is refused.
    const mine = await call<DeliveriesPage>(app, "GET", "/v1/webhook-deliveries?limit=2", openKeys.keyA);
    expect(mine.body.deliveries.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    const theirs = await call<DeliveriesPage>(
      app,
      "GET",
      `/v1/webhook-deliveries?cursor=${encodeURIComponent(first.body.next_cursor ?? "")}`,
      openKeys.keyB,
    );
    expect(theirs.status).toBe(400);

    const redeliver = await call<{ delivery_id: string; redelivery: number }>(
      app,
      "POST",
      `${path}/${ids[4] ?? ""}/redeliver`,
      OPERATOR_KEY,
      { reason: "receiver fixed" },
    );
    expect(redeliver).toEqual({ status: 202, body: { delivery_id: ids[4], redelivery: 1 } });
    const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id: ids[4] ?? "" } });
    expect(delivery).toMatchObject({ status: "pending", redeliveries: 1 });
    const jobId = `webhook-${delivery.eventId}-${delivery.endpointId}-r1`;
    const job = await redis.hgetall(`${prefix}:webhook-deliveries:${jobId}`);
    expect(JSON.parse(job.data ?? "{}")).toEqual({
      tenantId,
      eventId: delivery.eventId,
      endpointId: delivery.endpointId,
      manual: true,
    });
    expect(JSON.stringify(job)).not.toContain("127.0.0.1");
    const unknown = await call(app, "POST", `${path}/${ids[0] ?? ""}/redeliver`, openKeys.keyA, {});
    expect(unknown.status).toBe(403);
  });
});

describe("a tenant admin manages their own endpoints in the console (/trpc webhooks.*)", () => {
  async function signIn(email: string, role: "tenant_admin" | "tenant_viewer", tenantId: string) {
    const user = await createUser(strict.db, { email, name: email, password: "password-123", role, tenantId });
    return `tg_session=${await createSession(strict.db, user.id)}`;
  }
  type Result<T> = { result: { data: T } };
  type Failure = { error: { message: string; data: { code: string } } };

  it("creates, changes, rotates, redelivers and deletes; secrets once; audited as the user", async () => {
    const { app, db } = strict;
    const admin = await signIn("hooks-admin@a.example.test", "tenant_admin", keys.tenantA);
    const created = await trpcMutation(
      app,
      "webhooks.createEndpoint",
      { url: "https://203.0.113.9/console", events: ["invoice.paid"] },
      { cookie: admin },
    );
    expect(created.status).toBe(200);
    const endpoint = (created.body as Result<Endpoint & { tenant_id: string }>).result.data;
    expect(endpoint).toMatchObject({ tenant_id: keys.tenantA, enabled: true });
    expect(endpoint.secret).toMatch(/^whsec_/);
    // Never again in a read.
    const listed = await call(app, "GET", "/v1/webhook-endpoints", keys.keyA);
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret ?? "-");

    const updated = await trpcMutation(
      app,
      "webhooks.updateEndpoint",
      { endpointId: endpoint.id, enabled: false },
      { cookie: admin },
    );
    expect((updated.body as Result<Endpoint>).result.data).toMatchObject({ enabled: false });
    await trpcMutation(app, "webhooks.updateEndpoint", { endpointId: endpoint.id, enabled: true }, { cookie: admin });
    const rotated = await trpcMutation(app, "webhooks.rotateSecret", { endpointId: endpoint.id }, { cookie: admin });
    const newSecret = (rotated.body as Result<Endpoint>).result.data.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(endpoint.secret);

    const event = await db.webhookEvent.create({
      data: { tenantId: keys.tenantA, type: "invoice.paid", dedupeKey: "console-redeliver", payload: {} },
    });
    const delivery = await db.webhookDelivery.create({
      data: {
        tenantId: keys.tenantA,
        eventId: event.id,
        endpointId: endpoint.id,
        eventType: "invoice.paid",
        status: "failed",
      },
    });
    const redelivered = await trpcMutation(app, "webhooks.redeliver", { deliveryId: delivery.id }, { cookie: admin });
    expect((redelivered.body as Result<unknown>).result.data).toEqual({
      tenant_id: keys.tenantA,
      delivery_id: delivery.id,
      redelivery: 1,
    });
    const actions = await db.auditLog.findMany({
      where: { tenantId: keys.tenantA, targetId: { in: [endpoint.id, delivery.id] } },
      select: { action: true, actor: true },
      orderBy: { id: "asc" },
    });
    expect(actions.map((entry) => entry.action)).toEqual([
      "webhook_endpoint.create",
      "webhook_endpoint.update",
      "webhook_endpoint.update",
      "webhook_endpoint.rotate_secret",
      "webhook_delivery.redeliver",
    ]);
    expect(new Set(actions.map((entry) => entry.actor.startsWith("user:")))).toEqual(new Set([true]));

    const deleted = await trpcMutation(app, "webhooks.deleteEndpoint", { endpointId: endpoint.id }, { cookie: admin });
    expect(deleted.status).toBe(200);
    expect(await db.webhookEndpoint.count({ where: { id: endpoint.id } })).toBe(0);
  });

  it("answers a bad URL with a 400 naming the url field", async () => {
    const admin = await signIn("hooks-admin-2@a.example.test", "tenant_admin", keys.tenantA);
    const refused = await trpcMutation(
      strict.app,
      "webhooks.createEndpoint",
      { url: "http://10.0.0.7/hook", events: ["invoice.paid"] },
      { cookie: admin },
    );
    expect(refused.status).toBe(400);
    expect((refused.body as Failure).error.message).toMatch(/^url: /);
  });

  it("refuses a viewer, and another tenant's endpoint is not found or forbidden", async () => {
    const { app } = strict;
    const viewer = await signIn("hooks-viewer@a.example.test", "tenant_viewer", keys.tenantA);
    const adminB = await signIn("hooks-admin@b.example.test", "tenant_admin", keys.tenantB);
    const adminA = await signIn("hooks-admin-3@a.example.test", "tenant_admin", keys.tenantA);
    const input = { url: "https://203.0.113.9/viewer", events: ["invoice.paid"] };
    expect((await trpcMutation(app, "webhooks.createEndpoint", input, { cookie: viewer })).status).toBe(403);
    const ofB = await trpcMutation(app, "webhooks.createEndpoint", input, { cookie: adminB });
    const endpointB = (ofB.body as Result<Endpoint>).result.data.id;
    for (const [path, extra] of [
      ["webhooks.updateEndpoint", { enabled: false }],
      ["webhooks.rotateSecret", {}],
      ["webhooks.deleteEndpoint", {}],
    ] as const) {
      expect((await trpcMutation(app, path, { endpointId: endpointB, ...extra }, { cookie: viewer })).status).toBe(403);
      const foreign = await trpcMutation(app, path, { endpointId: endpointB, ...extra }, { cookie: adminA });
      expect(foreign.status).toBe(404);
      const named = await trpcMutation(
        app,
        path,
        { endpointId: endpointB, tenantId: keys.tenantB, ...extra },
        { cookie: adminA },
      );
      expect(named.status).toBe(403);
    }
    const stillThere = await strict.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointB } });
    expect(stillThere.disabledAt).toBeNull();
  });
});
