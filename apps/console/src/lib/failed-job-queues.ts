import type { RouterInputs } from "./router-types.ts";

/** A catalog queue's key, as the failed-jobs operations take it (the router's type: no server code in the bundle). */
export type FailedJobQueue = RouterInputs["failedJobs"]["list"]["queue"];

interface QueueTexts {
  /** What the queue does, in operators' words. */
  label: string;
  /** Why replaying one of its jobs does no harm (each consumer is idempotent). */
  replay: string;
  /** What is lost when one of its jobs is discarded. */
  discard: string;
}

/**
 * Every catalog queue, in catalog order. A Record over the router's queue keys: a queue added to the catalog does not
 * compile here until it is named and its replay and discard are explained.
 */
const QUEUE_TEXTS: Record<FailedJobQueue, QueueTexts> = {
  usage: {
    label: "Usage events",
    replay: "Safe: the worker records each event once, however often a job runs.",
    discard: "Its events are never recorded or billed.",
  },
  ratingSweep: {
    label: "Rating sweeps",
    replay: "Safe: a sweep only rates events that are still unrated.",
    discard: "The next scheduled sweep rates what this one missed.",
  },
  billingClose: {
    label: "Billing closes",
    replay: "Safe: a close finds the periods already closed and invoices nothing twice.",
    discard: "The tenant’s due periods stay open until the next scheduled scan closes them.",
  },
  webhookDelivery: {
    label: "Webhook deliveries",
    replay: "Safe: a delivery that succeeded is not sent again, and receivers dedupe on the event id.",
    discard: "The event is not delivered to that endpoint (a redelivery from the tenant’s webhooks page still can).",
  },
  reconciliation: {
    label: "Reconciliation",
    replay: "Safe: a run only reads and records its findings.",
    discard: "The next scheduled run checks everything again.",
  },
  creditForecast: {
    label: "Credit forecasts",
    replay: "Safe: each alert is written once.",
    discard: "The next scheduled scan checks every tenant again.",
  },
  planSimulation: {
    label: "Plan simulations",
    replay: "Safe: a simulation resumes after the tenants it already stored.",
    discard: "The simulation stays failed; start a new one to run it again.",
  },
  analyticsRefresh: {
    label: "Analytics refresh",
    replay: "Safe: a refresh recomputes the changed days, it never adds to them.",
    discard: "The next scheduled refresh picks up the days this one missed.",
  },
};

export const FAILED_JOB_QUEUES = Object.keys(QUEUE_TEXTS) as [FailedJobQueue, ...FailedJobQueue[]];

export function isFailedJobQueue(key: string): key is FailedJobQueue {
  return Object.hasOwn(QUEUE_TEXTS, key);
}

export function queueTexts(queue: FailedJobQueue): QueueTexts {
  return QUEUE_TEXTS[queue];
}
