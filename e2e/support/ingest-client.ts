export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; code: string; message: string }[];
}

export interface IngestResponse {
  status: number;
  body: unknown;
}

/** One POST /v1/events; a transport error (connection refused/reset) comes back as status 0. */
export async function postEvents(ingestUrl: string, apiKey: string, body: unknown): Promise<IngestResponse> {
  try {
    const response = await fetch(`${ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  } catch (error) {
    return { status: 0, body: error instanceof Error ? error.message : String(error) };
  }
}

/** Answers a well-behaved client retries: overload, unavailable, server errors and lost connections. */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/**
 * Sends one batch the way a careful client does: retries the same body until it gets a 202 (re-sending is safe, ids
 * are idempotency keys). Anything else that is not retryable is a test failure.
 */
export async function sendUntilAcknowledged(
  ingestUrl: string,
  apiKey: string,
  events: readonly unknown[],
  options: { timeoutMs?: number; onRetry?: (status: number) => void } = {},
): Promise<IngestAnswer> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (let attempt = 0; ; attempt += 1) {
    const response = await postEvents(ingestUrl, apiKey, { events });
    if (response.status === 202) return response.body as IngestAnswer;
    if (!isRetryable(response.status)) {
      throw new Error(`ingest answered ${response.status.toString()}: ${JSON.stringify(response.body)}`);
    }
    if (Date.now() > deadline) throw new Error(`no 202 before the deadline; last answer ${response.status.toString()}`);
    options.onRetry?.(response.status);
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 1_000)));
  }
}

/** Runs `task` over `items` with at most `limit` in flight, like a client with a small connection pool. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}

/** A 202 that acknowledges each of `count` distinct valid events once (as newly accepted or as a known duplicate). */
export function acknowledgesAll(answer: IngestAnswer, count: number): boolean {
  return answer.rejected.length === 0 && answer.accepted + answer.duplicates === count;
}
