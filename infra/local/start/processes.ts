import { spawn, type ChildProcess } from "node:child_process";
import { logLine } from "./log.ts";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<Exit>;
  running(): boolean;
  /** `signal` (SIGTERM) to the child's process group, SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number, signal?: NodeJS.Signals): Promise<Exit>;
  /** The last lines it printed, for failure messages. */
  tail(): string[];
}

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Run as another user (root starting Postgres). */
  user?: { uid: number; gid: number } | undefined;
  /** Do not print the output (it still reaches `onLine` and `tail`). */
  quiet?: boolean;
  onLine?: (line: string) => void;
}

const live = new Set<Managed>();

// Last resort: whatever way this process ends, no child outlives it.
process.on("exit", () => {
  for (const managed of live) signalGroup(managed.child, "SIGKILL");
});

/**
 * Starts a command in its own process group (so a terminal's Ctrl-C reaches only the orchestrator, which then stops
 * the children in order), with every output line prefixed by `name`.
 */
export function startProcess(name: string, command: string, args: string[], options: StartOptions): Managed {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    ...(options.user ?? {}),
  });
  const lines: string[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 50) lines.shift();
    options.onLine?.(line);
    if (!options.quiet) logLine(name, line);
  };
  pipeLines(child.stdout, onLine);
  pipeLines(child.stderr, onLine);
  const exited = new Promise<Exit>((resolve) => {
    child.once("error", (error) => {
      onLine(`failed to start ${command}: ${error.message}`);
      resolve({ code: 127, signal: null });
    });
    child.once("close", (code, signal) => {
      resolve({ code, signal });
    });
  });
  let closed = false;
  void exited.then(() => {
    closed = true;
  });
  const managed: Managed = {
    name,
    child,
    exited,
    running: () => child.exitCode === null && child.signalCode === null && child.pid !== undefined,
    async stop(timeoutMs = 10_000, signal: NodeJS.Signals = "SIGTERM") {
      // Until its output closes, something of the group is alive (the leader may have exited before its children).
      if (!closed) {
        signalGroup(child, signal);
        const timer = setTimeout(() => {
          logLine(name, `still running after ${(timeoutMs / 1000).toString()} s: SIGKILL`);
          signalGroup(child, "SIGKILL");
        }, timeoutMs);
        const exit = await exited;
        clearTimeout(timer);
        return exit;
      }
      return exited;
    },
    tail: () => [...lines],
  };
  live.add(managed);
  void exited.then(() => live.delete(managed));
  return managed;
}

/** Runs a command to completion (its output printed as it comes); rejects when it fails. */
export async function runStep(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; track?: (managed: Managed) => void },
): Promise<void> {
  const managed = startProcess(name, command, args, options);
  options.track?.(managed);
  const exit = await managed.exited;
  if (exit.code !== 0) {
    throw new StepError(`${name} failed (${describeExit(exit)})`);
  }
}

export class StepError extends Error {}

export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function pipeLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split(/\r?\n/);
    buffered = parts.pop() ?? "";
    for (const part of parts) if (part.trim() !== "") onLine(part);
  });
  stream.on("end", () => {
    if (buffered.trim() !== "") onLine(buffered);
    buffered = "";
  });
}
