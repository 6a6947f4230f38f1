import { errors, json, parameters } from "./openapi-helpers.ts";
import { usageEventsQuery, usageEventsResponse } from "./usage-events.ts";
import { usageSummaryQuery, usageSummaryResponse } from "./usage-summary.ts";

const ACCESS =
  "Tenant key with the read scope: its own tenant only (tenant_id, if given, must be its own, else 403). " +
  "Operator key (admin scope): any tenant, named by tenant_id.";

/** OpenAPI entries of the usage read endpoints. */
export function usageOpenApiPaths() {
  return {
    "/v1/usage/summary": {
      get: {
        summary: "Token sums and amounts over [from, to), optionally grouped",
        description:
          `${ACCESS} Read from hourly rollups, so from and to must be whole UTC hours (e.g. 2026-03-01T00:00:00Z; ` +
          "other offsets are fine when they land on a whole UTC hour); anything else is a 400, never silently widened. " +
          "At most 400 days. Token counts and amounts are decimal strings; amounts are full precision, unrounded. " +
          "group_by=day uses UTC days.",
        parameters: parameters(usageSummaryQuery, "query"),
        responses: {
          "200": { description: "usage", content: json(usageSummaryResponse) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/v1/usage/events": {
      get: {
        summary: "Raw usage events in [from, to), oldest first, paginated",
        description:
          `${ACCESS} Ordered by (timestamp, id). Pass next_cursor back as cursor with the same from, to and tenant; ` +
          "an altered or foreign cursor is a 400. Every event appears exactly once across pages.",
        parameters: parameters(usageEventsQuery, "query"),
        responses: {
          "200": { description: "a page of events", content: json(usageEventsResponse) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
