export * from "./catalog.ts";
export * from "./consumer.ts";
export * from "./job-ids.ts";
export * from "./producer.ts";
export * from "./redis.ts";
