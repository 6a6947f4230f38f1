import { type Db } from "@tollgate/db";
import {
  createApiKeyAuthenticator,
  createApiKeyUsageRecorder,
  type AnnounceKeyRevocation,
  type ApiKeyAuthenticator,
} from "@tollgate/use-cases/api-keys";
import { publishApiKeyRevocation, subscribeApiKeyRevocations, type Redis } from "@tollgate/queues";

export interface ApiKeyAuthOptions {
  db: Db;
  /** Publishes revocations (the producer connection). */
  redis: Redis;
  /** A dedicated connection for revocation pushes (a subscribed connection can run no other command). */
  subscriber: Redis;
  prefix: string;
  operatorKey?: string | undefined;
  /** How long a valid key is reused (default 5 s); a pushed revocation evicts it at once. */
  keyCacheTtlMs?: number;
  /** How often keys' last use is written (default 5 s). */
  usageFlushMs?: number;
  onError(error: unknown, what: string): void;
}

export interface ApiKeyAuth {
  authenticate: ApiKeyAuthenticator;
  /** Evicts the key here at once and tells every other api and ingest replica through Redis. */
  announceRevocation: AnnounceKeyRevocation;
  /** Unsubscribes and writes the last uses still in memory (connections stay with their owner). */
  close(): Promise<void>;
}

/** The api's key authentication, subscribed to revocations as ingest's is; main.ts and the tests share it. */
export async function startApiKeyAuth(options: ApiKeyAuthOptions): Promise<ApiKeyAuth> {
  const usage = createApiKeyUsageRecorder(options.db, {
    flushIntervalMs: options.usageFlushMs,
    onError: (error) => {
      options.onError(error, "recording API keys' last use");
    },
  });
  const authenticate = createApiKeyAuthenticator(options.db, {
    operatorKey: options.operatorKey,
    ttlMs: options.keyCacheTtlMs,
    usage,
  });
  const revocations = await subscribeApiKeyRevocations(options.subscriber, options.prefix, {
    onRevoked: (keyId) => {
      authenticate.evictKey(keyId);
    },
    onResubscribed: () => {
      authenticate.clear();
    },
  });
  return {
    authenticate,
    async announceRevocation(keyId) {
      authenticate.evictKey(keyId);
      await publishApiKeyRevocation(options.redis, options.prefix, keyId);
    },
    async close() {
      await revocations.close().catch((error: unknown) => {
        options.onError(error, "unsubscribing from key revocations");
      });
      await usage.close();
    },
  };
}
