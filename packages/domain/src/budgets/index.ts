export * from "./tenant-budget-input.ts";
