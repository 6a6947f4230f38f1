import type { Db } from "@tollgate/db";
import type { Principal } from "@tollgate/use-cases/access";
import type { AnnounceKeyRevocation } from "@tollgate/use-cases/api-keys";

/** What the transport (apps/api) provides to every procedure. */
export interface Context {
  db: Db;
  principal: Principal | null;
  /** Pushes an API key revocation to every api and ingest replica's key cache. */
  announceKeyRevocation: AnnounceKeyRevocation;
  /** Cookie plumbing stays in the transport; procedures only ask for it. */
  session: {
    set(token: string, expiresAt: Date): void;
    clear(): void;
    /** The raw session token of this request, if any (for logout). */
    token: string | null;
  };
  /** Login throttling, bound by the transport to this request's client address (it also sets Retry-After). */
  loginThrottle: LoginThrottle;
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
