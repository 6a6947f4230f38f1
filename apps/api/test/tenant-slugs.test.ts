import { afterAll, beforeAll, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

let testApp: ApiTestApp;

beforeAll(async () => {
  testApp = await startApiTestApp();
});

afterAll(async () => {
  await testApp.close();
});

interface Created {
  tenant: { id: string; name: string; slug: string };
}

const create = (name: string) => call<Created>(testApp.app, "POST", "/v1/admin/tenants", OPERATOR_KEY, { name });

it('"Collide 2" then "Collide" then "Collide" again: each gets a free slug', async () => {
  const slugs: string[] = [];
  for (const name of ["Collide 2", "Collide", "Collide", "collide!"]) {
    const response = await create(name);
    expect(response.status, name).toBe(201);
    slugs.push(response.body.tenant.slug);
  }
  expect(slugs).toEqual(["collide-2", "collide", "collide-3", "collide-4"]);
});

it("10 concurrent creates of one name: all 201 with distinct slugs, one tenant and one key each", async () => {
  const responses = await Promise.all(Array.from({ length: 10 }, () => create("Same Name")));
  expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 10 }, () => 201));
  const slugs = responses.map((response) => response.body.tenant.slug);
  expect(new Set(slugs).size).toBe(10);
  expect(slugs).toContain("same-name");
  for (const slug of slugs) expect(slug).toMatch(/^same-name(-\d+)?$/);
  const tenants = await testApp.db.tenant.findMany({ where: { name: "Same Name" }, include: { apiKeys: true } });
  expect(tenants).toHaveLength(10);
  for (const tenant of tenants) expect(tenant.apiKeys).toHaveLength(1);
});
