export * from "./new-api-key.ts";
