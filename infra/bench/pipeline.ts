/**
 * `npm run bench:pipeline`: loads ingest + N workers on the local Postgres/Redis and compares, in one run, the
 * end-to-end pipeline with two references measured on the same machine (raw COPY, a bare Fastify endpoint).
 * A script, not a test: numbers go to docs/benchmarks.md.
 */
import { randomUUID } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { Redis } from "ioredis";
import { createBenchDatabase } from "./pipeline/bench-database.ts";
import { startBenchService, startPipelineServices, type PipelineServices } from "./pipeline/bench-services.ts";
import { measureCopyRate } from "./pipeline/copy-reference.ts";
import { loadBenchEnv } from "./pipeline/env.ts";
import { buildEventTemplates, createRandom, tenantPicker, type EventTemplate } from "./pipeline/event-templates.ts";
import { runHttpLoad, type LoadResult } from "./pipeline/http-load.ts";
import { parsePipelineBenchOptions, type PipelineBenchOptions } from "./pipeline/options.ts";
import { measureProcesses } from "./pipeline/process-stats.ts";
import { histogramQuantile, subtractHistograms } from "./pipeline/prometheus-histogram.ts";
import { ms, processTable, rate, ratio } from "./pipeline/report.ts";
import { RequestBodies } from "./pipeline/request-bodies.ts";
import { measureTenantLag } from "./pipeline/tenant-lag.ts";
import { readWorkerTotals } from "./pipeline/worker-metrics-reader.ts";
import { firstFreePort, sleep, waitFor } from "../local/start/ports.ts";

const BATCH_SIZE = 1000;
const LAG_BATCH_SIZE = 100;
const TOP_TENANT_SHARE = 0.25;
const SEED = 20_261_125;

const options = parsePipelineBenchOptions(process.argv.slice(2));
const env = loadBenchEnv();
const log = (message: string) => {
  console.log(message);
};

interface PhaseResult {
  load: LoadResult;
  /** Events per second from the first request until the last accepted event was recorded by a worker. */
  endToEndRate: number;
  drainSeconds: number;
}

async function runPipelinePhase(
  name: string,
  services: PipelineServices,
  target: { url: string; keys: string[]; pickTenant: () => number },
  nextBody: () => { body: string; events: number },
  load: { concurrency: number; eventsPerSecond?: number },
): Promise<PhaseResult> {
  const before = await readWorkerTotals(services.workers);
  const usage = measureProcesses([services.ingest, ...services.workers]);
  const started = performance.now();
  const result = await runHttpLoad({ ...target, nextBody }, { durationMs: options.durationSeconds * 1000, ...load });
  const loadEnded = performance.now();
  await waitFor(
    `${name}: workers recording ${rate(result.acceptedEvents)} events`,
    async () => (await readWorkerTotals(services.workers)).recorded - before.recorded >= result.acceptedEvents,
    { timeoutMs: 15 * 60_000, intervalMs: 50 },
  );
  const finished = performance.now();
  const measured = usage.stop();
  const endToEndRate = result.acceptedEvents / ((finished - started) / 1000);
  // How well ingest coalesced the requests: the worker's cost per event falls as its jobs grow.
  const after = await readWorkerTotals(services.workers);
  const jobs = after.jobs - before.jobs;
  const groups = after.groups - before.groups;
  log(
    `\n${name}\n` +
      `    ingest accepted ${rate(result.acceptedEvents)} events in ${rate(result.requests)} requests ` +
      `(${rate(result.acceptedEvents / (result.elapsedMs / 1000))} events/s, ${rate(result.requests / (result.elapsedMs / 1000))} requests/s; ` +
      `request p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms; ` +
      `${result.throttled.toString()} throttled, ${result.failed.toString()} failed)\n` +
      `    end to end ${rate(endToEndRate)} events/s (ledger caught up ${((finished - loadEnded) / 1000).toFixed(1)} s after the load; ` +
      `${rate(jobs)} jobs, ${rate(result.acceptedEvents / Math.max(jobs, 1))} events per job, ` +
      `${(jobs / Math.max(groups, 1)).toFixed(1)} jobs per group commit)\n` +
      processTable(measured.processes, measured.services, measured.machineBusyPercent),
  );
  return { load: result, endToEndRate, drainSeconds: (finished - loadEnded) / 1000 };
}

async function measureBareFastify(
  templates: readonly EventTemplate[],
  benchOptions: PipelineBenchOptions,
  pathEnv: string,
): Promise<{ singleRequestsPerSecond: number; batchEventsPerSecond: number }> {
  const port = await firstFreePort(14_500);
  const bare = await startBenchService(
    "bare-fastify",
    "infra/bench/pipeline/bare-fastify-server.ts",
    { PATH: pathEnv },
    port,
    // argv carries the port: the bare server reads no environment.
    [String(port)],
  );
  try {
    const target = { url: `${bare.url}/v1/events`, keys: ["bare"], pickTenant: () => 0 };
    const bodies = new RequestBodies(`bare-${randomUUID().slice(0, 8)}`, templates);
    const now = new Date().toISOString();
    const single = await runHttpLoad(
      { ...target, nextBody: () => ({ body: bodies.single(now), events: 1 }) },
      { durationMs: benchOptions.durationSeconds * 1000, concurrency: benchOptions.singleConcurrency },
    );
    const batch = await runHttpLoad(
      { ...target, nextBody: () => ({ body: bodies.batch(BATCH_SIZE, now), events: BATCH_SIZE }) },
      { durationMs: benchOptions.durationSeconds * 1000, concurrency: benchOptions.batchConcurrency },
    );
    const singleRequestsPerSecond = single.requests / (single.elapsedMs / 1000);
    const batchEventsPerSecond = batch.acceptedEvents / (batch.elapsedMs / 1000);
    log(
      `\nreference: bare Fastify POST (JSON parse + 202, no auth/validation/queue)\n` +
        `    single-event ${rate(singleRequestsPerSecond)} requests/s (p50 ${single.latencyMs.p50.toFixed(1)} ms, ` +
        `p99 ${single.latencyMs.p99.toFixed(1)} ms); 1,000-event batches ${rate(batchEventsPerSecond)} events/s`,
    );
    return { singleRequestsPerSecond, batchEventsPerSecond };
  } finally {
    await bare.managed.stop(10_000);
  }
}

/** Both references on this machine now: a raw COPY of the same rows and a bare Fastify endpoint. */
async function measureReferences(
  database: { url: string; tenants: readonly { id: string }[] },
  templates: readonly EventTemplate[],
): Promise<{ copyRowsPerSecond: number; bareSingleRequestsPerSecond: number }> {
  const bare = await measureBareFastify(templates, options, env.PATH);
  const copy = await measureCopyRate(database.url, database.tenants[0]?.id ?? "", templates, options.copyRows);
  log(
    `reference: COPY of ${rate(copy.rows)} event rows into a copy of usage_events: ${rate(copy.rowsPerSecond)} ` +
      `rows/s (${copy.seconds.toFixed(2)} s)`,
  );
  return { copyRowsPerSecond: copy.rowsPerSecond, bareSingleRequestsPerSecond: bare.singleRequestsPerSecond };
}

async function main(): Promise<void> {
  const cpuList = cpus();
  log(
    `bench:pipeline ${new Date().toISOString()}\n` +
      `machine: ${cpuList.length.toString()} × ${cpuList[0]?.model ?? "unknown CPU"}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n` +
      `options: ${JSON.stringify(options)}`,
  );
  const templates = buildEventTemplates(5000, SEED);
  const database = await createBenchDatabase(options.tenants, { hotTenantTiers: options.hotTenantTiers });
  const queuePrefix = `{tg-bench-${randomUUID().slice(0, 8)}}`;
  let services: PipelineServices | undefined;
  try {
    // The references are measured before and after the pipeline phases and averaged: a shared VM's speed drifts
    // over minutes, and the two readings show by how much.
    const referencesBefore = await measureReferences(database, templates);
    services = await startPipelineServices({
      databaseUrl: database.url,
      redisUrl: env.REDIS_URL,
      queuePrefix,
      workers: options.workers,
      workerConcurrency: options.workerConcurrency,
      workerTransactions: options.workerTransactions,
      path: env.PATH,
      cpuProfileDir: options.cpuProfileDir,
      ingestEnv: options.ingestEnv,
      workerEnv: options.workerEnv,
    });
    const target = {
      url: `${services.ingest.url}/v1/events`,
      keys: database.tenants.map((tenant) => tenant.apiKey),
      pickTenant: tenantPicker(options.tenants, TOP_TENANT_SHARE, createRandom(SEED)),
    };
    const bodies = new RequestBodies(`bench-${randomUUID().slice(0, 8)}`, templates);
    const now = () => new Date().toISOString();

    // Warm-up (JIT, connection pools, first price lookups); not reported.
    await runHttpLoad(
      { ...target, nextBody: () => ({ body: bodies.batch(BATCH_SIZE, now()), events: BATCH_SIZE }) },
      { durationMs: 3000, concurrency: options.batchConcurrency },
    );
    await sleep(2000);

    const batched = await runPipelinePhase(
      `(a) ${BATCH_SIZE.toString()}-event batches, ${options.batchConcurrency.toString()} in flight, ${options.durationSeconds.toString()} s`,
      services,
      target,
      () => ({ body: bodies.batch(BATCH_SIZE, now()), events: BATCH_SIZE }),
      { concurrency: options.batchConcurrency },
    );
    const single = await runPipelinePhase(
      `(b) single-event requests, ${options.singleConcurrency.toString()} in flight, ${options.durationSeconds.toString()} s`,
      services,
      target,
      () => ({ body: bodies.single(now()), events: 1 }),
      { concurrency: options.singleConcurrency },
    );

    const halfLoad = batched.endToEndRate / 2;
    const lagBefore = (await readWorkerTotals(services.workers)).lag;
    const halfLoadFrom = new Date();
    await runPipelinePhase(
      `(c) half load: ${rate(halfLoad)} events/s paced, ${LAG_BATCH_SIZE.toString()}-event batches`,
      services,
      target,
      () => ({ body: bodies.batch(LAG_BATCH_SIZE, now()), events: LAG_BATCH_SIZE }),
      { concurrency: 16, eventsPerSecond: halfLoad },
    );
    const lag = subtractHistograms((await readWorkerTotals(services.workers)).lag, lagBefore);
    const lagP50 = histogramQuantile(lag, 0.5);
    const lagP99 = histogramQuantile(lag, 0.99);
    log(`    ingest→ledger lag p50 ${ms(lagP50)}, p99 ${ms(lagP99)} (worker histogram, interpolated in its buckets)`);
    const tenantLag = await measureTenantLag(database.url, database.tenants[0]?.id ?? "", {
      from: halfLoadFrom,
      to: new Date(),
    });
    const share = tenantLag.hot.events / Math.max(1, tenantLag.hot.events + tenantLag.others.events);
    log(
      `    per tenant, ingest→rows written: hot tenant (${(share * 100).toFixed(0)} % of events) ` +
        `p50 ${ms(tenantLag.hot.p50Seconds)}, p99 ${ms(tenantLag.hot.p99Seconds)}; ` +
        `the other ${(options.tenants - 1).toString()} p50 ${ms(tenantLag.others.p50Seconds)}, ` +
        `p99 ${ms(tenantLag.others.p99Seconds)}`,
    );

    await services.stop();
    services = undefined;

    const referencesAfter = await measureReferences(database, templates);
    const copyRate = (referencesBefore.copyRowsPerSecond + referencesAfter.copyRowsPerSecond) / 2;
    const bareRate = (referencesBefore.bareSingleRequestsPerSecond + referencesAfter.bareSingleRequestsPerSecond) / 2;
    log(
      `\nreferences, mean of before and after: COPY ${rate(copyRate)} rows/s ` +
        `(${rate(referencesBefore.copyRowsPerSecond)} / ${rate(referencesAfter.copyRowsPerSecond)}), ` +
        `bare Fastify ${rate(bareRate)} requests/s ` +
        `(${rate(referencesBefore.bareSingleRequestsPerSecond)} / ${rate(referencesAfter.bareSingleRequestsPerSecond)})`,
    );

    const batchedRatio = batched.endToEndRate / copyRate;
    const singleRatio = single.load.requests / (single.load.elapsedMs / 1000) / bareRate;
    log(
      `\nsummary\n` +
        `    batched end to end   ${rate(batched.endToEndRate)} events/s = ${ratio(batchedRatio)} × COPY (target ≥ 0.40)\n` +
        `    single-event ingest  ${rate(single.load.requests / (single.load.elapsedMs / 1000))} requests/s = ` +
        `${ratio(singleRatio)} × bare Fastify (target ≥ 0.50); end to end ${rate(single.endToEndRate)} events/s\n` +
        `    lag at half load     p50 ${ms(lagP50)}, p99 ${ms(lagP99)} (target p99 ≤ 1 s); ` +
        `p99 hot tenant ${ms(tenantLag.hot.p99Seconds)}, others ${ms(tenantLag.others.p99Seconds)}`,
    );
    log(`pipeline: ${rate(batched.endToEndRate).replaceAll(",", "")} events/s = ${ratio(batchedRatio)} x COPY`);
  } finally {
    if (services) await services.stop();
    await database.drop();
    const redis = new Redis(env.REDIS_URL);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
  }
}

await main();
