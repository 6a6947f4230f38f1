/** A dependency's answer, or why there was none: the page shows the reason instead of failing. */
export type Settled<T> = { ok: true; value: T; ms: number } | { ok: false; error: string; ms: number };

/**
 * Runs `operation` with a deadline, so a stalled Redis or Postgres makes one section "unreachable" within
 * `timeoutMs` instead of hanging the page.
 */
export async function settle<T>(operation: () => Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${timeoutMs.toString()} ms`));
    }, timeoutMs);
  });
  try {
    const value = await Promise.race([operation(), deadline]);
    return { ok: true, value, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
  }
}
