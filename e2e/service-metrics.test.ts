import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendUntilAcknowledged } from "./support/ingest-client.ts";
import { PRICED_MODEL, startPipelineFixture, type PipelineFixture } from "./support/pipeline-fixture.ts";
import { metricValue, readMetrics } from "./support/prometheus-text.ts";
import { makeEvents } from "./support/usage-events.ts";

let fixture: PipelineFixture;

beforeAll(async () => {
  fixture = await startPipelineFixture({ tenantName: "Metrics Acme" });
});

afterAll(async () => {
  await fixture.close();
});

const now = new Date();
const priced = makeEvents(30, { idPrefix: "metrics-priced", model: PRICED_MODEL, now });
// No plan prices this model: stored and marked unrated.
const unpriced = makeEvents(5, { idPrefix: "metrics-unpriced", model: "e2e/no-price-model", now });

describe("operations: each service's /healthz, /readyz and /metrics report what happened", () => {
  it("answers health and readiness on ingest, worker and api", async () => {
    const { stack } = fixture;
    for (const url of [stack.ingestUrl, stack.workerUrl, stack.apiUrl]) {
      for (const path of ["/healthz", "/readyz"]) {
        expect((await fetch(`${url}${path}`)).status, `${url}${path}`).toBe(200);
      }
    }
  });

  it("counts accepted, duplicate, rejected and unrated events, job durations and the ingest-to-ledger lag", async () => {
    const { stack, tenant } = fixture;
    const invalid = [
      { id: "metrics-bad-1", model: PRICED_MODEL, input_tokens: -1 },
      { id: "metrics-bad-2", model: PRICED_MODEL, input_tokens: 1.5 },
    ];
    // 35 new events, 5 repeats inside the request (ingest's duplicates) and 2 invalid ones.
    const first = await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, [
      ...priced,
      ...unpriced,
      ...priced.slice(0, 5),
      ...invalid,
    ]);
    expect({ accepted: first.accepted, duplicates: first.duplicates, rejected: first.rejected.length }).toEqual({
      accepted: 35,
      duplicates: 5,
      rejected: 2,
    });
    await fixture.settle(60_000);
    // 10 events again after they were recorded: a new job, so only the worker (Postgres' key) sees the repeat.
    await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, priced.slice(10, 20));
    await fixture.settle(60_000);

    const ingest = await readMetrics(stack.ingestUrl);
    expect(metricValue(ingest, "ingest_events_accepted_total")).toBe(45);
    expect(metricValue(ingest, "ingest_events_duplicate_total")).toBe(5);
    expect(metricValue(ingest, "ingest_events_rejected_total")).toBe(2);
    expect(metricValue(ingest, "ingest_jobs_stored_total")).toBe(2);
    expect(metricValue(ingest, "http_requests_total", { route: "/v1/events", status: "202" })).toBe(2);

    const worker = await readMetrics(stack.workerUrl);
    expect(metricValue(worker, "worker_events_inserted_total")).toBe(35);
    expect(metricValue(worker, "worker_events_duplicate_total")).toBe(10);
    expect(metricValue(worker, "worker_events_unrated_total")).toBe(5);
    expect(metricValue(worker, "worker_job_duration_seconds_count")).toBe(2);
    expect(metricValue(worker, "worker_ingest_to_ledger_lag_seconds_count")).toBe(2);
    expect(metricValue(worker, "worker_ingest_to_ledger_lag_seconds_sum")).toBeGreaterThan(0);
    expect(metricValue(worker, "worker_usage_jobs_per_group_count")).toBe(2);
  });

  it("counts api requests by route and status", async () => {
    const { stack, tenant } = fixture;
    // The summary takes whole UTC hours.
    const hourStart = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
    const from = new Date(hourStart - 48 * 3_600_000).toISOString();
    const to = new Date(hourStart + 3_600_000).toISOString();
    const query = new URLSearchParams({ from, to, group_by: "model" });
    const response = await fetch(`${stack.apiUrl}/v1/usage/summary?${query.toString()}`, {
      headers: { authorization: `Bearer ${tenant.apiKey}` },
    });
    expect(response.status).toBe(200);
    const unauthorized = await fetch(`${stack.apiUrl}/v1/usage/summary?${query.toString()}`);
    expect(unauthorized.status).toBe(401);

    const api = await readMetrics(stack.apiUrl);
    expect(metricValue(api, "http_requests_total", { route: "/v1/usage/summary", status: "200" })).toBe(1);
    expect(metricValue(api, "http_requests_total", { route: "/v1/usage/summary", status: "401" })).toBe(1);
  });
});
