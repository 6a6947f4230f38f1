/**
 * `npm run bench:worker`: the worker's recording path in one process, without HTTP or Redis: validate a usage job's
 * payload as the consumer does, then `recordUsageJob` on the bench database (real catalog, Enterprise plan).
 * Jobs run one after another on one connection (`--concurrency` for more), so events/s here is what one worker
 * connection can do; `node --cpu-prof --import tsx infra/bench/worker-record.ts` profiles it.
 * A script, not a test: numbers go to docs/benchmarks.md.
 */
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import { parseUsageJobPayload } from "@tollgate/queues";
import pg from "pg";
import { CatalogCache } from "@tollgate/worker/catalog-cache";
import { recordUsageJob } from "@tollgate/worker/record-usage";
import { createBenchDatabase } from "./pipeline/bench-database.ts";
import { buildEventTemplates, createRandom, tenantPicker } from "./pipeline/event-templates.ts";
import { rate } from "./pipeline/report.ts";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "60" },
    "job-size": { type: "string", default: "1000" },
    concurrency: { type: "string", default: "1" },
    tenants: { type: "string", default: "12" },
    /** Also print the time spent in each kind of SQL statement (wall time from send to result). */
    statements: { type: "boolean", default: false },
    /** Write a CPU profile of the measured jobs only (no payload generation or warm-up) to this file. */
    "cpu-prof": { type: "string" },
    /** Write a sampling heap profile of everything the measured jobs allocate (collected or not) to this file. */
    "heap-prof": { type: "string" },
  },
  strict: true,
});
const jobs = Number(values.jobs);
const jobSize = Number(values["job-size"]);
const concurrency = Number(values.concurrency);
const tenantCount = Number(values.tenants);
for (const [name, value] of Object.entries({ jobs, jobSize, concurrency, tenantCount })) {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
}

const statementTimes = new Map<string, { count: number; ms: number }>();
if (values.statements) timeStatements(statementTimes);
const templates = buildEventTemplates(5000, 20_261_125);
const database = await createBenchDatabase(tenantCount);
const pool = new pg.Pool({ connectionString: database.url, max: concurrency + 1 });
// Dropping the database at the end terminates any connection still open; that is expected here, not a crash.
pool.on("error", () => undefined);
try {
  const pickTenant = tenantPicker(tenantCount, 0.25, createRandom(20_261_125));
  const run = randomUUID().slice(0, 8);
  let next = 0;
  /** One job's payload as ingest writes it (JSON text), events grouped per tenant. */
  const nextPayload = (): string => {
    const now = new Date();
    const groups = new Map<number, QueuedUsageEvent[]>();
    for (let index = 0; index < jobSize; index += 1) {
      const template = templates[next % templates.length];
      next += 1;
      if (!template) throw new Error("no templates");
      const raw: unknown = JSON.parse(
        `{"id":"${run}-${next.toString()}","timestamp":"${now.toISOString()}",${template.members}}`,
      );
      const parsed = parseUsageEvent(raw, now);
      if (!parsed.ok) throw new Error(parsed.message);
      const tenant = pickTenant();
      groups.set(tenant, [...(groups.get(tenant) ?? []), parsed.event]);
    }
    const batches = [...groups].map(([tenant, events]) => ({
      tenantId: database.tenants[tenant]?.id ?? "",
      apiKeyId: null,
      events,
    }));
    return JSON.stringify({ receivedAt: now.toISOString(), batches });
  };
  const deps = { catalog: new CatalogCache(60_000) };
  const recordJob = async (text: string) => {
    const parsed = parseUsageJobPayload(JSON.parse(text));
    if (!parsed.success) throw parsed.error;
    const payload = parsed.data;
    return recordUsageJob(pool, payload, deps);
  };
  // Warm-up: JIT, catalog cache, first counters; not reported.
  for (let index = 0; index < 5; index += 1) await recordJob(nextPayload());

  const payloads = Array.from({ length: jobs }, nextPayload);
  statementTimes.clear();
  let cursor = 0;
  let inserted = 0;
  const profiler = values["cpu-prof"] === undefined ? undefined : await startProfiler();
  const heapProfiler = values["heap-prof"] === undefined ? undefined : await startHeapProfiler();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (cursor < payloads.length) {
        const text = payloads[cursor];
        cursor += 1;
        if (text === undefined) break;
        // Awaited first: `inserted += await ...` would read `inserted` before the wait and lose other loops' counts.
        const recorded = await recordJob(text);
        inserted += recorded.inserted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler && values["cpu-prof"] !== undefined) await profiler.stopInto(values["cpu-prof"]);
  if (heapProfiler && values["heap-prof"] !== undefined) await heapProfiler.stopInto(values["heap-prof"]);
  const cpuMsPerJob = (cpu.user + cpu.system) / 1000 / jobs;
  for (const [statement, { count, ms }] of [...statementTimes].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${(ms / jobs).toFixed(2).padStart(7)} ms/job  ${count.toString().padStart(6)} × ${statement}`);
  }
  const machine = cpus();
  console.log(
    `bench:worker ${new Date().toISOString()} on ${machine.length.toString()} × ${machine[0]?.model ?? "unknown CPU"}, ` +
      `Node ${process.version}\n` +
      `${jobs.toString()} jobs of ${jobSize.toString()} events, ${concurrency.toString()} at once: ` +
      `${rate(inserted)} events recorded in ${seconds.toFixed(2)} s`,
  );
  const counts = await pool.query<{ ledger: string; rollups: string; tasks: string }>(
    `SELECT (SELECT count(*) FROM ledger_entries) AS ledger, (SELECT count(*) FROM usage_rollups_hourly) AS rollups,
            (SELECT count(*) FROM usage_task_totals) AS tasks`,
  );
  const totalJobs = jobs + 5;
  console.log(
    `per job on average: ${(Number(counts.rows[0]?.ledger) / totalJobs).toFixed(0)} ledger lines, ` +
      `${(Number(counts.rows[0]?.rollups) / totalJobs).toFixed(0)} rollup rows, ` +
      `${(Number(counts.rows[0]?.tasks) / totalJobs).toFixed(0)} task total rows (fewer when jobs share rows)`,
  );
  console.log(
    `worker: ${rate(inserted / seconds).replaceAll(",", "")} events/s, ${((seconds * 1000) / jobs).toFixed(1)} ms per job ` +
      `(of which ${cpuMsPerJob.toFixed(1)} ms CPU in this process)`,
  );
} finally {
  await pool.end();
  await database.drop();
}

/** The in-process V8 profiler (node:inspector), so a profile holds just the measured region. */
async function startProfiler(): Promise<{ stopInto: (file: string) => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    stopInto: async (file) => {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** The sampling heap profiler, counting objects the GC has collected too: where the garbage comes from. */
async function startHeapProfiler(): Promise<{ stopInto: (file: string) => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    stopInto: async (file) => {
      const { profile } = await session.post("HeapProfiler.stopSampling");
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Wraps pg's Client#query (promise form, as the worker uses it) to add up wall time per statement kind. */
function timeStatements(into: Map<string, { count: number; ms: number }>): void {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function timedQuery(this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    const config = args[0];
    const text =
      typeof config === "string"
        ? config
        : typeof config === "object" && config !== null && "text" in config && typeof config.text === "string"
          ? config.text
          : "";
    if (!(result instanceof Promise)) return result;
    const key = text.replace(/\s+/g, " ").trim().slice(0, 60);
    const started = performance.now();
    return result.finally(() => {
      const entry = into.get(key) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - started;
      into.set(key, entry);
    });
  };
}
