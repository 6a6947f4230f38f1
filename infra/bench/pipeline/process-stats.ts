import { readdirSync, readFileSync } from "node:fs";

/** Linux' USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(readFileSync(`/proc/${pid.toString()}/stat`, "utf8"));
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** utime + stime + cutime + cstime of one /proc/<pid>/stat line. */
function cpuSecondsWithChildren(stat: string): number {
  const fields = statFields(stat);
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** The fields after the command name; it (field 2) may contain spaces, so they are counted from its ")". */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
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

/**
 * CPU seconds used so far by every live process with this command name (e.g. all Postgres backends), plus what
 * their exited children used: a Postgres backend that closed during the phase is counted in the postmaster's
 * cutime/cstime once reaped, so the sum does not drop when connections close.
 */
export function cpuSecondsOfCommand(command: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) === command) total += cpuSecondsWithChildren(stat);
    } catch {
      // The process exited while we looked.
    }
  }
  return total;
}

/** Services shared by every phase, measured by command name; their processes come and go less than a phase. */
const SHARED_SERVICES = [
  { name: "postgres", command: "postgres" },
  { name: "redis", command: "redis-server" },
] as const;

export interface ServiceUsage {
  name: string;
  cpuPercent: number;
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
  // The bench process is the load client; its own CPU is measured with process.cpuUsage().
  const startedAt = performance.now();
  const before = processes.map((process) => ({ cpu: cpuSeconds(process.pid), memory: memoryMiB(process.pid) }));
  const machineBefore = machineCpu();
  const servicesBefore = SHARED_SERVICES.map((service) => cpuSecondsOfCommand(service.command));
  const clientBefore = process.cpuUsage();
  return {
    stop(): { processes: ProcessUsage[]; services: ServiceUsage[]; machineBusyPercent: number } {
      const seconds = (performance.now() - startedAt) / 1000;
      const machineAfter = machineCpu();
      const client = process.cpuUsage(clientBefore);
      return {
        services: [
          ...SHARED_SERVICES.map((service, index) => ({
            name: service.name,
            cpuPercent: ((cpuSecondsOfCommand(service.command) - (servicesBefore[index] ?? 0)) / seconds) * 100,
          })),
          { name: "load client", cpuPercent: ((client.user + client.system) / 1e6 / seconds) * 100 },
        ],
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
