import { ERROR_CODES } from "@tollgate/domain";
import { z } from "zod";
import { reserveBodySchema } from "../routes/reserve-body.ts";

const schema = (value: z.ZodType) => z.toJSONSchema(value, { target: "openapi-3.0", io: "input" });
const json = (value: z.ZodType) => ({ "application/json": { schema: schema(value) } });
const errorBody = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });

const budget = z.object({
  id: z.uuid(),
  scope: z.enum(["tenant", "api_key", "customer"]),
  scope_ref: z.string(),
  amount: z.string().describe("the budget per month, exact decimal"),
  currency: z.string(),
  hard_limit: z.boolean(),
  spent_and_held: z.string().optional().describe("on refusal: the period's spend plus open holds"),
});

const credit = z.object({
  currency: z.string(),
  granted: z.string().describe("every credit grant that has started"),
  used: z.string().describe("consumed, voided or expired; the live balance is granted − used"),
  used_and_held: z.string().optional().describe("on refusal: used plus open holds"),
});

const decision = z.union([
  z.object({
    allowed: z.literal(true),
    reservation_id: z.string().describe("send it as the usage event's reservation_id to settle the hold"),
    amount: z.string().nullable().describe("the worst-case charge held (null: the model has no price)"),
    currency: z.string().nullable(),
    expires_at: z.iso.datetime(),
    budgets: z.array(budget).describe("the budgets the hold counts against"),
    credit: credit.nullable().describe("a prepaid tenant's credit the hold counts against; null otherwise"),
  }),
  z.object({
    allowed: z.literal(false),
    reason: z.enum(["budget_exceeded", "insufficient_credit", "model_unpriced"]),
    amount: z.string().nullable(),
    currency: z.string().nullable(),
    budget: budget.optional().describe("the hard budget that refused"),
    credit: credit.optional().describe("a prepaid tenant's credit that could not cover the hold"),
  }),
]);

/** Hard limits before the request, as served by ingest. */
export function limitsOpenApiPaths() {
  const errors = {
    "400": { description: "bad_request: the body names the wrong field", content: json(errorBody) },
    "401": { description: "unauthenticated", content: json(errorBody) },
    "403": { description: "forbidden: the key lacks the ingest scope", content: json(errorBody) },
    "503": { description: "unavailable: Redis or Postgres is unreachable; nothing was held", content: json(errorBody) },
  };
  return {
    "/v1/limits/reserve": {
      post: {
        summary: "Reserve the worst-case cost of a request against the tenant's budgets, or be refused",
        description: [
          "Prices the request's worst case under the tenant's plan (prompt at the dearest input token type, output",
          "at the dearest output type, long-context and tier rules as they apply, no allowance) and holds it,",
          "atomically, against the tenant's, the key's and the customer's monthly budgets and, for a prepaid tenant,",
          "its live credit. A hard budget or the credit that spend plus holds would exceed refuses it.",
          "The usage event carrying reservation_id settles the hold;",
          "an unsettled hold expires after ttl_seconds.",
        ].join(" "),
        requestBody: { required: true, content: json(reserveBodySchema) },
        responses: { "200": { description: "the decision", content: json(decision) }, ...errors },
      },
    },
    "/v1/limits/reservations/{id}": {
      delete: {
        summary: "Release a reservation without usage (the request was not sent)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "204": { description: "released" },
          "404": { description: "not_found: settled, expired, another tenant's, or unknown", content: json(errorBody) },
          ...errors,
        },
      },
    },
  };
}
