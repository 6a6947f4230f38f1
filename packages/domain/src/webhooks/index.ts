export * from "./event-types.ts";
export * from "./address-policy.ts";
export * from "./webhook-url.ts";
export * from "./new-endpoint.ts";
