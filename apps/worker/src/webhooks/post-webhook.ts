import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { checkWebhookUrl, hostBlockedKind, type WebhookNetworkPolicy } from "@tollgate/domain";
import type { AttemptOutcome } from "../store/webhook-attempt-store.ts";
import { guardedLookup } from "./guarded-lookup.ts";

export interface PostOptions {
  policy: WebhookNetworkPolicy;
  /** The whole attempt: connect, send, response headers and body (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
}

/** Response bodies are read (so the connection can be reused) but only this much is kept for the log. */
const KEPT_ERROR_BODY = 200;

/**
 * POSTs one signed webhook. Never follows redirects (a 3xx is a failure: the receiver must give its final URL);
 * refuses non-public addresses unless the policy allows them, both for IP literals (no DNS lookup happens for
 * those) and for every address a name resolves to. 2xx is success; anything else, a timeout or a network error is
 * a failure described in `error`. Never throws.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<AttemptOutcome> {
  const startedAt = new Date();
  const started = performance.now();
  const outcome = (statusCode: number | null, error: string | null): AttemptOutcome => ({
    startedAt,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    error,
    ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
  });
  let target: URL;
  try {
    target = checkWebhookUrl(url, options.policy);
  } catch (error) {
    return outcome(null, error instanceof Error ? error.message : String(error));
  }
  if (!options.policy.allowPrivateNetworks) {
    const blocked = hostBlockedKind(target.hostname);
    if (blocked !== null) return outcome(null, `${target.hostname} is a ${blocked} address`);
  }
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.policy.allowPrivateNetworks ? {} : { lookup: guardedLookup }),
      },
      (response: IncomingMessage) => {
        let kept = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (kept.length < KEPT_ERROR_BODY) kept += chunk.slice(0, KEPT_ERROR_BODY - kept.length);
        });
        response.on("end", () => {
          const code = response.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve(outcome(code, null));
          else if (code >= 300 && code < 400)
            resolve(outcome(code, `redirect to ${response.headers.location ?? "?"} not followed`));
          else resolve(outcome(code, `HTTP ${code.toString()}${kept === "" ? "" : `: ${kept}`}`));
        });
        response.on("error", (error) => {
          resolve(outcome(response.statusCode ?? null, error.message));
        });
      },
    );
    request.on("error", (error) => {
      const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
      resolve(outcome(null, timedOut ? `timed out after ${options.timeoutMs.toString()} ms` : error.message));
    });
    request.end(body);
  });
}
