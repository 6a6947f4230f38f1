import { readFileSync } from "node:fs";

/** Linux' USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid.toString()}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident and peak resident memory in MiB, from /proc/<pid>/status. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid.toString()}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? "0");
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

/** Busy and total CPU time of the whole machine (all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

export interface ProcessUsage {
  name: string;
  /** Average share of one core over the phase, in %. */
  cpuPercent: number;
  rssStartMiB: number;
  rssEndMiB: number;
  peakMiB: number;
}

/** Measures named processes and the machine between `start()` and `stop()`. */
export function measureProcesses(processes: readonly { name: string; pid: number }[]) {
  const startedAt = performance.now();
  const before = processes.map((process) => ({ cpu: cpuSeconds(process.pid), memory: memoryMiB(process.pid) }));
  const machineBefore = machineCpu();
  return {
    stop(): { processes: ProcessUsage[]; machineBusyPercent: number } {
      const seconds = (performance.now() - startedAt) / 1000;
      const machineAfter = machineCpu();
      return {
        processes: processes.map((process, index) => {
          const memory = memoryMiB(process.pid);
          const start = before[index];
          return {
            name: process.name,
            cpuPercent: ((cpuSeconds(process.pid) - (start?.cpu ?? 0)) / seconds) * 100,
            rssStartMiB: start?.memory.rss ?? 0,
            rssEndMiB: memory.rss,
            peakMiB: memory.peak,
          };
        }),
        machineBusyPercent:
          ((machineAfter.busy - machineBefore.busy) / Math.max(1e-9, machineAfter.total - machineBefore.total)) * 100,
      };
    },
  };
}
