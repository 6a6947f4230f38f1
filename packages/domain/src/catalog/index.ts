export * from "./model-pattern.ts";
export * from "./resolve-model-id.ts";
export * from "./model-catalog-input.ts";
