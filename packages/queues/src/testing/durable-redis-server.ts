import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export interface RedisServer {
  url: string;
  port: number;
  /** SIGKILL: no shutdown save, only what the append-only file already holds survives. */
  kill9(): Promise<void>;
  /** Starts redis-server again on the same port and directory (it replays the append-only file). */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * A private redis-server with the production durability settings, for outage and crash tests: every write is
 * fsynced to the append-only file before Redis answers (appendfsync always), so an acknowledged job survives a
 * SIGKILL. Needs `redis-server` on PATH.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "tollgate-redis-"));
  const url = `redis://127.0.0.1:${port.toString()}`;
  let child: ChildProcess | null = null;

  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
    args.push("--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction");
    const started = spawn("redis-server", args, { stdio: "ignore" });
    child = started;
    await waitForPing(url, started);
  };
  const exit = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };

  await launch();
  return {
    url,
    port,
    kill9: exit,
    restart: launch,
    async stop() {
      await exit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${String(child.exitCode)}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined); // connect() rejects as well; that is where refusals are handled
    try {
      await client.connect();
      // PING answers while the append-only file is still loading; wait until it has been replayed.
      const info = await client.info("persistence");
      if (/loading:0/.test(info)) return;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server at ${url} not ready after ${timeoutMs.toString()} ms`);
}

/** A port the OS just handed out for 127.0.0.1 (free now; another process could take it later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}
