import { AppError } from "../errors.ts";
import { blockedAddressKind, parseIPv4, parseIPv6 } from "./address-policy.ts";

export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** The operator setting WEBHOOK_ALLOW_PRIVATE_NETWORKS, as the API and the worker pass it on. */
export interface WebhookNetworkPolicy {
  /** true: private, loopback and link-local destinations and plain http are allowed (development, tests). */
  allowPrivateNetworks: boolean;
}

/**
 * Checks a tenant's webhook URL as written (no DNS): an absolute http(s) URL without credentials, https unless the
 * operator allows private networks (plain http only makes sense inside one), and a host that is not a refused IP
 * literal or a `localhost` name. Names are checked again on every address they resolve to at delivery time.
 * Throws `bad_request` naming the field `url`.
 */
export function checkWebhookUrl(text: string, policy: WebhookNetworkPolicy): URL {
  const refuse = (why: string): never => {
    throw new AppError("bad_request", `url: ${why}`);
  };
  if (text.length > MAX_WEBHOOK_URL_LENGTH) refuse(`at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse("must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") refuse(`scheme ${url.protocol} is not allowed`);
  if (url.username !== "" || url.password !== "") refuse("must not contain credentials");
  if (policy.allowPrivateNetworks) return url;
  const blocked = hostBlockedKind(url.hostname);
  if (blocked !== null) {
    refuse(
      `${url.hostname} is a ${blocked} address; webhooks go to public addresses only ` +
        "(the operator setting WEBHOOK_ALLOW_PRIVATE_NETWORKS allows private networks)",
    );
  }
  if (url.protocol !== "https:") refuse("must use https");
  return url;
}

/** Why a URL host as written may not be used (IP literals and localhost names), or null to resolve it first. */
export function hostBlockedKind(hostname: string): string | null {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .toLowerCase()
    .replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (parseIPv4(host) === null && parseIPv6(host) === null) return null;
  return blockedAddressKind(host);
}
