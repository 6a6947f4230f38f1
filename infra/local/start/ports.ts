import { createServer } from "node:net";

/** The first port from `start` on which 127.0.0.1 can listen. */
export async function firstFreePort(start: number, attempts = 50): Promise<number> {
  for (let port = start; port < start + attempts; port += 1) {
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${start.toString()}-${(start + attempts - 1).toString()}`);
}

/** Whether a server could listen on host:port right now. */
export function canListen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => {
      resolve(false);
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; fails after `timeoutMs` or as soon as `abort` returns a reason. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted !== undefined) throw new Error(`${what}: ${aborted}`);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${(options.timeoutMs / 1000).toString()} s`);
    await sleep(options.intervalMs ?? 250);
  }
}
