export * from "./spend-limits.ts";
