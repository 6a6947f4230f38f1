import { z } from "zod";

/** What a tenant's key may be granted: sending events and reading the tenant's data (never admin). */
export const TENANT_API_KEY_SCOPES = ["ingest", "read"] as const;
export type TenantApiKeyScope = (typeof TENANT_API_KEY_SCOPES)[number];

/**
 * A new tenant API key: the console's create form validates with this schema, and the api's `apiKeys.create` takes
 * it as its input, so both give the same messages. An expiry in the past is refused by the api (it needs the clock).
 */
export const newApiKeySchema = z.object({
  name: z.string().trim().min(1, "enter a name").max(100, "at most 100 characters"),
  scopes: z.array(z.enum(TENANT_API_KEY_SCOPES)).min(1, "pick at least one scope"),
  /** Absent or null: never expires. */
  expiresAt: z.iso.datetime({ offset: true, message: "enter a date" }).nullish(),
});
