import type { AlertView } from "@tollgate/use-cases/alerts";
import { z } from "zod";

export const MAX_ALERTS_PAGE = 200;

export const alertOutput = z.object({
  id: z.string().describe("the alert's id (a whole number as text)"),
  kind: z
    .string()
    .describe(
      "budget.threshold_crossed, credit.low, credit.exhausted, credit.depletion_forecast, webhook.endpoint_disabled, …",
    ),
  title: z.string().describe("a human line from the kind and payload"),
  payload: z.record(z.string(), z.unknown()).describe("the alert's data, as its webhook event carries it"),
  created_at: z.string(),
  read_at: z.string().nullable().describe("null: unread"),
});

export function alertJson(alert: AlertView): z.infer<typeof alertOutput> {
  return {
    id: alert.id,
    kind: alert.kind,
    title: alert.title,
    payload: alert.payload,
    created_at: alert.createdAt.toISOString(),
    read_at: alert.readAt?.toISOString() ?? null,
  };
}
