import { isFailedJobQueue, queueTexts } from "./failed-job-queues.ts";
import type { RouterOutputs } from "./router-types.ts";

export type PipelineHealth = RouterOutputs["pipelineHealth"]["get"];
export type QueueView = NonNullable<PipelineHealth["queues"]["value"]>[number];
export type ReconciliationRunRow = NonNullable<PipelineHealth["reconciliation_runs"]["value"]>[number];
export type FailedJob = RouterOutputs["failedJobs"]["list"]["jobs"][number];

/** The page refreshes this often (operators watch it during incidents). */
export const PIPELINE_REFRESH_MS = 5000;

/** What a catalog queue does, in operators' words (a key the console does not know yet shows the BullMQ name). */
export function queueLabel(queue: QueueView): string {
  return isFailedJobQueue(queue.key) ? queueTexts(queue.key).label : queue.name;
}

const counts = new Intl.NumberFormat("en-US");

/** A count of jobs or events, grouped ("12,345"). */
export function formatCount(count: number): string {
  return counts.format(count);
}

/** A duration for people: "840 ms", "2.4 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms).toString()} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60).toString()} min ${(seconds % 60).toString()} s`;
  return `${Math.floor(seconds / 3600).toString()} h ${Math.floor((seconds % 3600) / 60).toString()} min`;
}
