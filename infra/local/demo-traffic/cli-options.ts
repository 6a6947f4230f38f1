import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";

const optionsSchema = z.object({
  rate: z.coerce.number().positive().max(100_000).default(200),
  duration: z.coerce.number().positive().optional(),
  seed: z.coerce.number().int().min(0).max(0xffffffff).optional(),
});

export interface DemoTrafficOptions {
  eventsPerSecond: number;
  durationSeconds: number | undefined;
  /** Random unless given: a fixed seed replays the same event ids, which ingest then counts as duplicates. */
  seed: number;
}

export const USAGE = "usage: npm run demo:traffic -- [--rate <events/s>] [--duration <seconds>] [--seed <n>]";

export function parseDemoTrafficOptions(args: readonly string[]): DemoTrafficOptions {
  let values: unknown;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { rate: { type: "string" }, duration: { type: "string" }, seed: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    // parseArgs throws TypeErrors for user mistakes; they deserve a one-line answer, not a stack.
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, { cause: error });
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`${problems}\n${USAGE}`);
  }
  return {
    eventsPerSecond: parsed.data.rate,
    durationSeconds: parsed.data.duration,
    seed: parsed.data.seed ?? randomInt(0, 0xffffffff),
  };
}
