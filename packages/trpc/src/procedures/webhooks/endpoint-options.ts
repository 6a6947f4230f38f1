import type { WebhookEndpointOptions } from "@tollgate/use-cases/webhooks";
import type { Context } from "../../context.ts";

/** The transport's webhook policy; a transport that sets none gets the safe default (private networks refused). */
export function endpointOptions(ctx: Context): WebhookEndpointOptions {
  return { policy: ctx.webhookPolicy ?? { allowPrivateNetworks: false } };
}
