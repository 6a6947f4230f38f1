// `npm run demo:traffic`: realistic agent usage sent to ingest with the demo tenants' keys until Ctrl-C
// (or --duration). Reads the keys `npm run seed` wrote to .data/demo-keys.json.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDemoTrafficOptions } from "./demo-traffic/cli-options.ts";
import { loadDemoTrafficEnv } from "./demo-traffic/env.ts";
import { readTenantKeys } from "./demo-traffic/keys-file.ts";
import { createRandom } from "./demo-traffic/random.ts";
import { createTrafficGenerator } from "./demo-traffic/traffic-generator.ts";
import { runTrafficLoop } from "./demo-traffic/traffic-loop.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const log = (line: string) => {
  console.log(`[demo-traffic] ${line}`);
};

async function main(): Promise<void> {
  const options = parseDemoTrafficOptions(process.argv.slice(2));
  const env = loadDemoTrafficEnv();
  const keys = readTenantKeys(join(ROOT, ".data", "demo-keys.json"), ".data/demo-keys.json");

  const stop = new AbortController();
  const abort = new AbortController();
  let firstSignalAt = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (!stop.signal.aborted) {
        firstSignalAt = Date.now();
        log(`${signal}: stopping (sending what is buffered; Ctrl-C again to quit at once)`);
        stop.abort();
      } else if (Date.now() - firstSignalAt > 2000) {
        // One Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx): only a later one means "now".
        abort.abort();
      }
    });
  }

  const tenants = [...keys.keys()];
  const until = options.durationSeconds === undefined ? "until Ctrl-C" : `for ${options.durationSeconds.toString()} s`;
  log(
    `sending ~${options.eventsPerSecond.toString()} events/s to ${env.INGEST_URL} for ${tenants.join(", ")} ` +
      `${until} (seed ${options.seed.toString()})`,
  );
  const totals = await runTrafficLoop({
    generator: createTrafficGenerator({ tenants, seed: options.seed }),
    // Batch sizes come from their own stream, so the events do not depend on how they were batched.
    random: createRandom(options.seed ^ 0x5bd1e995),
    keys,
    ingestUrl: env.INGEST_URL,
    eventsPerSecond: options.eventsPerSecond,
    durationSeconds: options.durationSeconds,
    stop: stop.signal,
    abort: abort.signal,
    log,
  });
  log(`done: ${totals.describe()}`);
}

try {
  await main();
  process.exit(0);
} catch (error) {
  // Expected failures (no keys file, refused key, bad flags) read best as one line; a bug keeps its stack.
  const bug = error instanceof TypeError || error instanceof RangeError;
  console.error(
    `[demo-traffic] ${error instanceof Error ? ((bug ? error.stack : undefined) ?? error.message) : String(error)}`,
  );
  process.exit(1);
}
