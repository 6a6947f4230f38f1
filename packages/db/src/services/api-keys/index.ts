export * from "./create.ts";
export * from "./list.ts";
export * from "./revoke.ts";
export * from "./rotate.ts";
export * from "./view.ts";
