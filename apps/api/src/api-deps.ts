import type { Db } from "@tollgate/db";
import type { AnnounceKeyRevocation, ApiKeyAuthenticator } from "@tollgate/use-cases/api-keys";
import type { InvoiceIssuer } from "@tollgate/use-cases/invoices";
import type { HttpTimeoutsEnv, ReadinessCheck } from "@tollgate/http";
import type { TypedQueue } from "@tollgate/queues";
import type { WebhookNetworkPolicy } from "@tollgate/domain";
import type { Registry } from "prom-client";
import type { PipelineProbe } from "@tollgate/use-cases/pipeline";
import type { LoginLimiter } from "./auth/login-limiter.ts";

/** Everything the API server needs, injected so tests run it against their own database. */
export interface ApiDeps {
  db: Db;
  authenticate: ApiKeyAuthenticator;
  /** Pushes a key revocation to every api and ingest replica's key cache (see api-key-auth.ts). */
  announceKeyRevocation: AnnounceKeyRevocation;
  /** Who issues invoices (INVOICE_ISSUER_* in env.ts). */
  invoiceIssuer: InvoiceIssuer;
  /** The usage queue; its connection and prefix serve every catalog queue (pipeline page, failed-jobs operations). */
  usageQueue: TypedQueue<"usage">;
  /** The pipeline page's Redis reads; absent: every catalog queue on usageQueue's connection (pipeline-probe.ts). */
  pipelineProbe?: PipelineProbe;
  /** Rating sweeps, requested after price-affecting admin changes. */
  ratingSweepQueue: TypedQueue<"ratingSweep">;
  /** Operators' webhook redeliveries go here; absent (some tests): redelivery answers 503. */
  webhookDeliveryQueue?: TypedQueue<"webhookDelivery">;
  /** Plan simulations (planSimulations.start) are queued here; absent (some tests): starting one answers 503. */
  planSimulationQueue?: TypedQueue<"planSimulation">;
  /** Billing runs queue their tenant closes here (the worker's billing-closes queue); absent (some tests): 500. */
  billingCloseQueue?: TypedQueue<"billingClose">;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS; absent: private, loopback and link-local destinations (and http) refused. */
  webhookPolicy?: WebhookNetworkPolicy;
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  logLevel: string;
  cookieSecure: boolean;
  /** Origins besides the api's own (its Host) whose pages may call tRPC mutations, e.g. a console on another host. */
  consoleOrigins?: readonly string[];
  /** Request, headers, connection and keep-alive timeouts (from env.ts; the defaults when absent). */
  httpTimeouts?: HttpTimeoutsEnv;
  /** Built console to serve at /, or null to serve none (tests, API-only deployments). */
  consoleDistDir: string | null;
  /** Whose X-Forwarded-For gives the client address (Fastify's trustProxy; TRUST_PROXY in env.ts). Default none. */
  trustProxy?: boolean | string[];
  /** Failed-login counters (Redis) behind the console's auth.login. */
  loginLimiter: LoginLimiter;
}
