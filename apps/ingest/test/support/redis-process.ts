import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRedis } from "@tollgate/queues";

export interface RedisProcess {
  url: string;
  /** SIGKILL: only what the append-only file holds survives. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory (replays the append-only file). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A private redis-server with the production durability settings, for outage tests. */
export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "tollgate-ingest-redis-"));
  const url = `redis://127.0.0.1:${port.toString()}`;
  let child: ChildProcess | null = null;
  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
    args.push("--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction");
    child = spawn("redis-server", args, { stdio: "ignore" });
    await waitUntilLoaded(url, child);
  };
  const kill = async () => {
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
    kill,
    restart: launch,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilLoaded(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${String(child.exitCode)}`);
    const client = createRedis(url, "producer", { lazyConnect: true, retryStrategy: () => null });
    client.on("error", () => undefined);
    try {
      await client.connect();
      if (/loading:0/.test(await client.info("persistence"))) return;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server at ${url} did not start`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}
