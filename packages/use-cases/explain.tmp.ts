import { createDbClient, Prisma, type DbOrTx } from "@tollgate/db";
import { listTenantOverview } from "./src/tenants/list-tenant-overview.ts";
import { listAuditLog } from "./src/audit/list-audit-log.ts";

const real = createDbClient(process.argv[2]!, { maxConnections: 2 });
const explaining = new Proxy(real, {
  get(target, prop, receiver) {
    if (prop === "$queryRaw") {
      return async (strings: TemplateStringsArray, ...values: unknown[]) => {
        const sql = Prisma.sql(strings, ...values);
        const plan = await target.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, BUFFERS) ${sql}`;
        console.log(plan.map((row) => row["QUERY PLAN"]).join("\n"));
        return [];
      };
    }
    return Reflect.get(target, prop, receiver) as unknown;
  },
}) as unknown as DbOrTx;

const mode = process.argv[3];
if (mode === "explain-name") await listTenantOverview(explaining, { sort: "name", after: null, limit: 50 });
if (mode === "explain-name-after") await listTenantOverview(explaining, { sort: "name", after: { key: "Initech 5002", id: "00000000-0000-0000-0000-000000000000" }, limit: 50 });
if (mode === "explain-search") await listTenantOverview(explaining, { sort: "name", search: "hoo", after: null, limit: 50 });
if (mode === "explain-spend") await listTenantOverview(explaining, { sort: "spend", after: null, limit: 50 });
if (mode === "time") {
  for (const args of [
    { sort: "name" as const, after: null, limit: 50 },
    { sort: "name" as const, search: "hoo", after: null, limit: 50 },
    { sort: "spend" as const, after: null, limit: 50 },
    { sort: "spend" as const, search: "umb", after: null, limit: 50 },
  ]) {
    const times: number[] = [];
    let page;
    for (let i = 0; i < 15; i += 1) {
      const start = performance.now();
      page = await listTenantOverview(real, args);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify(args), "rows", page?.tenants.length, "median ms", times[7]?.toFixed(1), "max", times[14]?.toFixed(1));
  }
  for (const filter of [{}, { tenantId: undefined, actor: "user:3" }]) {
    const times: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const start = performance.now();
      await listAuditLog(real, filter, { before: null, limit: 50 });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log("audit", JSON.stringify(filter), "median ms", times[7]?.toFixed(1));
  }
}
await real.$disconnect();
