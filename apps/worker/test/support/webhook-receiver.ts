import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  id: string;
  at: number;
  /** The verified, parsed envelope. */
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Requests whose signature verified, in arrival order. */
  received: ReceivedWebhook[];
  /** Requests whose signature did not verify (must stay empty). */
  rejected: string[];
  /** Every request, answered or not, with the status it got. */
  statuses: number[];
  /** Answer 500 to the next `count` requests on purpose (after verifying them). */
  failNext(count: number): void;
  /** Always answer 500 from now on (or stop). */
  failAlways(on: boolean): void;
  /** Verify with this secret from now on (an endpoint created after the receiver started). */
  setSecret(secret: string): void;
  /** Wait this long before answering each request. */
  delayMs: number;
  /** Resolves once `predicate` holds for the verified requests (polls). */
  waitFor(predicate: (received: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on an ephemeral loopback port that verifies each request with standardwebhooks'
 * Webhook.verify (signature, id and timestamp headers), as a tenant's endpoint would, and fails on purpose.
 */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  let verifier = new Webhook(secret);
  let failures = 0;
  let failAll = false;
  const receiver: Omit<WebhookReceiver, "url" | "port"> = {
    received: [],
    rejected: [],
    statuses: [],
    delayMs: 0,
    failNext(count) {
      failures = count;
    },
    failAlways(on) {
      failAll = on;
    },
    setSecret(next) {
      verifier = new Webhook(next);
    },
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.received)) {
        if (Date.now() > deadline)
          throw new Error(`receiver: condition not met; got ${receiver.received.length.toString()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let status = 200;
      try {
        const headers = Object.fromEntries(
          ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(request.headers[name])]),
        );
        const verified = verifier.verify(body, headers) as ReceivedWebhook["body"];
        receiver.received.push({ id: headers["webhook-id"] ?? "", at: Date.now(), body: verified });
        if (failAll || failures > 0) {
          failures -= 1;
          status = 500;
        }
      } catch (error) {
        receiver.rejected.push(error instanceof Error ? error.message : String(error));
        status = 400;
      }
      setTimeout(() => {
        receiver.statuses.push(status);
        response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "failed on purpose");
      }, receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, { url: `http://127.0.0.1:${port.toString()}/hooks`, port });
}
