import type { Db } from "@tollgate/db";
import type { Principal } from "@tollgate/use-cases/access";
import type { AnnounceKeyRevocation } from "@tollgate/use-cases/api-keys";
import type { BillingCloses } from "@tollgate/use-cases/billing-runs";
import type { InvoiceIssuer } from "@tollgate/use-cases/invoices";
import type { PlanSimulationQueue } from "@tollgate/use-cases/plan-simulations";
import type { RatingSweeps } from "@tollgate/use-cases/pricing";
import type { WebhookRedeliveries } from "@tollgate/use-cases/webhooks";
import type { WebhookNetworkPolicy } from "@tollgate/domain";
import type { PipelineProbe } from "@tollgate/use-cases/pipeline";
import type { FailedJobs } from "./ports/failed-jobs.ts";

/**
 * What a transport provides to every procedure: /trpc (the console, cookie sessions) and apps/api's REST adapter
 * (machines, API keys) both build one per request.
 */
export interface Context {
  db: Db;
  principal: Principal | null;
  /** Pushes an API key revocation to every api and ingest replica's key cache. */
  announceKeyRevocation: AnnounceKeyRevocation;
  /** Who issues invoices: numbers new invoices and credit notes, printed on documents (the app's env.ts). */
  invoiceIssuer: InvoiceIssuer;
  /** Port for rating sweeps after price-affecting changes; the use cases call it, never a resolver. */
  ratingSweeps?: RatingSweeps;
  /** Port for the jobs of every catalog queue that failed all their attempts (list, replay, discard). */
  failedJobs?: FailedJobs;
  /** Port for the pipeline page's Redis reads (every catalog queue, the rating sweep), bound by the transport. */
  pipelineProbe?: PipelineProbe;
  /** The operator's webhook destination policy (WEBHOOK_ALLOW_PRIVATE_NETWORKS); absent: private networks refused. */
  webhookPolicy?: WebhookNetworkPolicy;
  /** Port for operators' webhook redeliveries, bound to the webhook-deliveries queue. */
  webhookRedeliveries?: WebhookRedeliveries;
  /** Port for queuing plan simulations, bound to the plan-simulations queue. */
  planSimulations?: PlanSimulationQueue | undefined;
  /** Port queueing billing runs' tenant closes, bound to the billing-closes queue. */
  billingCloses?: BillingCloses;
  /** Cookie plumbing stays in the transport; procedures only ask for it. Only /trpc provides it. */
  session?: Session;
  /** Login throttling, bound by the transport to this request's client address. Only /trpc provides it. */
  loginThrottle?: LoginThrottle;
  /**
   * The REST adapter's validation of path, query and body, each on its own so its messages say where a problem is.
   * Run after access is decided and before the input is parsed, so 401 and 403 precede 400 as they always have.
   */
  validateRestRequest?: () => void;
}

export interface Session {
  set(token: string, expiresAt: Date): void;
  clear(): void;
  /** The raw session token of this request, if any (for logout). */
  token: string | null;
}

export interface LoginThrottle {
  /**
   * Counts one login attempt against the account and the client address before the password is checked; throws
   * AppError "rate_limited" while either is over its limit, whatever the password.
   */
  attempt(email: string): Promise<void>;
  /** The attempt succeeded: it no longer counts as a failure. */
  succeeded(email: string): Promise<void>;
}
