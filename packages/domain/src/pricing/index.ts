export * from "./allocate-rounding.ts";
export * from "./tier-schedule.ts";
