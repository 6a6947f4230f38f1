import { fileURLToPath } from "node:url";
import { firstFreePort, waitFor } from "../../local/start/ports.ts";
import { startProcess, type Managed } from "../../local/start/processes.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface BenchService {
  name: string;
  managed: Managed;
  pid: number;
  url: string;
}

/** Starts apps/<app>/src/main.ts as production does (node + tsx) and waits for /readyz. */
export async function startBenchService(
  name: string,
  script: string,
  env: Record<string, string>,
  port: number,
  args: readonly string[] = [],
  nodeArgs: readonly string[] = [],
): Promise<BenchService> {
  const managed = startProcess(name, process.execPath, [...nodeArgs, "--import", "tsx", script, ...args], {
    cwd: REPO_ROOT,
    env: { NODE_ENV: "production", ...env },
    quiet: true,
  });
  const url = `http://127.0.0.1:${port.toString()}`;
  await waitFor(
    `${name} at ${url}`,
    async () => {
      try {
        return (await fetch(`${url}/readyz`)).ok;
      } catch {
        return false;
      }
    },
    {
      timeoutMs: 60_000,
      abort: () => (managed.running() ? undefined : `exited early:\n${managed.tail().join("\n")}`),
    },
  );
  if (managed.child.pid === undefined) throw new Error(`${name} has no pid`);
  return { name, managed, pid: managed.child.pid, url };
}

export interface PipelineServices {
  ingest: BenchService;
  workers: BenchService[];
  stop(): Promise<void>;
}

/** Ingest plus `workers` worker processes on one database and Redis prefix. */
export async function startPipelineServices(options: {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  workers: number;
  workerConcurrency: number;
  workerTransactions: number;
  path: string;
  cpuProfileDir?: string | undefined;
  ingestEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
}): Promise<PipelineServices> {
  const common = {
    PATH: options.path,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.queuePrefix,
    LOG_LEVEL: "warn",
  };
  const nodeArgs = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const ingestPort = await firstFreePort(14_000);
  const ingest = await startBenchService(
    "ingest",
    "apps/ingest/src/main.ts",
    { ...common, INGEST_HOST: "127.0.0.1", INGEST_PORT: String(ingestPort), ...options.ingestEnv },
    ingestPort,
    [],
    nodeArgs,
  );
  const workers: BenchService[] = [];
  for (let index = 0; index < options.workers; index += 1) {
    const port = await firstFreePort(14_100 + index * 10);
    workers.push(
      await startBenchService(
        `worker-${index.toString()}`,
        "apps/worker/src/main.ts",
        {
          ...common,
          WORKER_HOST: "127.0.0.1",
          WORKER_METRICS_PORT: String(port),
          WORKER_CONCURRENCY: String(options.workerConcurrency),
          WORKER_TRANSACTIONS: String(options.workerTransactions),
          ...options.workerEnv,
        },
        port,
        [],
        nodeArgs,
      ),
    );
  }
  return {
    ingest,
    workers,
    async stop() {
      await Promise.all([ingest, ...workers].map((service) => service.managed.stop(15_000)));
    },
  };
}
