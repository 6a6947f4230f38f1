import type { RouterOutputs } from "./router-types.ts";

export type WebhookEndpointRow = RouterOutputs["webhookReads"]["endpoints"]["webhook_endpoints"][number];
export type WebhookDeliveryRow = RouterOutputs["webhookReads"]["deliveries"]["deliveries"][number];
export type DeliveryStatus = WebhookDeliveryRow["status"];

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: "Pending",
  retrying: "Retrying",
  succeeded: "Succeeded",
  failed: "Failed",
};

export const DELIVERY_STATUS_COLORS: Record<DeliveryStatus, "gray" | "amber" | "green" | "red"> = {
  pending: "gray",
  retrying: "amber",
  succeeded: "green",
  failed: "red",
};
