import { lookup } from "node:dns/promises";
import { AppError, blockedAddressKind, checkWebhookUrl } from "@tollgate/domain";
import type { WebhookEndpointOptions } from "./webhook-ports.ts";

const RESOLVE_TIMEOUT_MS = 2000;

async function systemResolve(hostname: string): Promise<string[]> {
  const timeout = new Promise<string[]>((resolve) =>
    setTimeout(() => {
      resolve([]);
    }, RESOLVE_TIMEOUT_MS).unref(),
  );
  const resolved = lookup(hostname, { all: true }).then(
    (addresses) => addresses.map((a) => a.address),
    () => [],
  );
  return Promise.race([resolved, timeout]);
}

/**
 * A tenant's webhook URL, checked when an endpoint is saved: the URL rules (checkWebhookUrl), then, unless private
 * networks are allowed, every address its host name resolves to now. A name that does not resolve yet is accepted:
 * the worker checks every resolved address again at each delivery (DNS may change, e.g. rebinding), and that
 * check is the one that counts. Throws `bad_request`.
 */
export async function checkEndpointUrl(text: string, options: WebhookEndpointOptions): Promise<string> {
  const url = checkWebhookUrl(text, options.policy);
  if (options.policy.allowPrivateNetworks) return url.toString();
  const host = url.hostname.replace(/^\[|\]$/g, "");
  for (const address of await (options.resolve ?? systemResolve)(host)) {
    const blocked = blockedAddressKind(address);
    if (blocked !== null) {
      throw new AppError(
        "bad_request",
        `url: ${host} resolves to ${address}, a ${blocked} address; webhooks go to public addresses only`,
      );
    }
  }
  return url.toString();
}
