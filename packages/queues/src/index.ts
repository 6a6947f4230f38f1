export * from "./catalog.ts";
export * from "./consumer.ts";
export * from "./failed-jobs.ts";
export * from "./job-ids.ts";
export * from "./key-revocations.ts";
export * from "./producer.ts";
export * from "./queue-backlog.ts";
export * from "./redis.ts";
