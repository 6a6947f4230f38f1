import type { Redis } from "ioredis";

/** One channel per queue prefix, so test suites (each with its own prefix) never see each other's revocations. */
export function apiKeyRevocationChannel(prefix: string): string {
  return `${prefix}:api-key-revocations`;
}

/** Tells every authenticator subscribed under `prefix` to forget `keyId` now, instead of at its cache TTL. */
export async function publishApiKeyRevocation(redis: Redis, prefix: string, keyId: string): Promise<void> {
  await redis.publish(apiKeyRevocationChannel(prefix), keyId);
}

export interface ApiKeyRevocationHandlers {
  onRevoked(keyId: string): void;
  /** After a reconnect: revocations published while disconnected were missed, so drop everything cached. */
  onResubscribed(): void;
}

export interface ApiKeyRevocationSubscription {
  close(): Promise<void>;
}

/**
 * Listens for revocations on a dedicated connection (a subscribed connection can run no other command).
 * ioredis re-subscribes by itself after a reconnect; every `ready` after the first is reported as a resubscription.
 */
export async function subscribeApiKeyRevocations(
  subscriber: Redis,
  prefix: string,
  handlers: ApiKeyRevocationHandlers,
): Promise<ApiKeyRevocationSubscription> {
  const channel = apiKeyRevocationChannel(prefix);
  const onMessage = (from: string, keyId: string) => {
    if (from === channel) handlers.onRevoked(keyId);
  };
  let connectedOnce = false;
  const onReady = () => {
    if (connectedOnce) handlers.onResubscribed();
    connectedOnce = true;
  };
  subscriber.on("message", onMessage);
  subscriber.on("ready", onReady);
  await subscriber.subscribe(channel);
  connectedOnce = true;
  return {
    async close() {
      subscriber.off("message", onMessage);
      subscriber.off("ready", onReady);
      await subscriber.unsubscribe(channel);
    },
  };
}
