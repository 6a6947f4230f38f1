import type { AnnounceKeyRevocation, Db, Principal } from "@tollgate/db";

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
}
