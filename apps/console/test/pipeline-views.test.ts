import { queueKeys } from "@tollgate/queues";
import { describe, expect, it } from "vitest";
import { FAILED_JOB_QUEUES } from "../src/lib/failed-job-queues.ts";
import { formatCount, formatDuration, queueLabel, type QueueView } from "../src/lib/pipeline-views.ts";
import { pipelineSearch } from "../src/lib/search-params.ts";

describe("formatDuration", () => {
  it("says milliseconds, seconds, minutes or hours, whichever reads best", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(840)).toBe("840 ms");
    expect(formatDuration(999.4)).toBe("999 ms");
    expect(formatDuration(999.6)).toBe("1.0 s");
    expect(formatDuration(2400)).toBe("2.4 s");
    expect(formatDuration(59_949)).toBe("59.9 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(7_800_000)).toBe("2 h 10 min");
  });
});

describe("queue labels and counts", () => {
  const queue = (key: string, name: string): QueueView => ({
    key,
    name,
    counts: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 },
    throughput: { last_minute: 0, last_5_minutes: 0, lower_bound: false },
    oldest_waiting_at: null,
  });

  it("names known queues for operators and falls back to the BullMQ name", () => {
    expect(queueLabel(queue("usage", "usage-events"))).toBe("Usage events");
    expect(queueLabel(queue("somethingNew", "something-new"))).toBe("something-new");
    expect(formatCount(1_234_567)).toBe("1,234,567");
  });

  it("offers every catalog queue's failed jobs, in catalog order; an unknown ?queue= falls back to usage", () => {
    expect(FAILED_JOB_QUEUES).toEqual(queueKeys);
    expect(pipelineSearch.parse({ queue: "billingClose" })).toEqual({ queue: "billingClose" });
    expect(pipelineSearch.parse({ queue: "usage-events" })).toEqual({ queue: undefined });
  });
});
