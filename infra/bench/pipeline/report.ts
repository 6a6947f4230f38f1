import type { ProcessUsage, ServiceUsage } from "./process-stats.ts";

export const rate = (value: number): string => Math.round(value).toLocaleString("en-US");
export const ratio = (value: number): string => value.toFixed(2);
export const ms = (seconds: number | null): string => (seconds === null ? "n/a" : `${(seconds * 1000).toFixed(0)} ms`);

export function processTable(
  usage: readonly ProcessUsage[],
  services: readonly ServiceUsage[],
  machineBusyPercent: number,
): string {
  const serviceRows = services.map(
    (service) => `    ${service.name.padEnd(10)} CPU ${service.cpuPercent.toFixed(0).padStart(4)} %`,
  );
  const rows = usage.map(
    (process) =>
      `    ${process.name.padEnd(10)} CPU ${process.cpuPercent.toFixed(0).padStart(4)} %  RSS ` +
      `${process.rssStartMiB.toFixed(0)} → ${process.rssEndMiB.toFixed(0)} MiB (peak ${process.peakMiB.toFixed(0)} MiB)`,
  );
  return [
    ...rows,
    ...serviceRows,
    `    machine    CPU ${machineBusyPercent.toFixed(0).padStart(4)} % of all cores`,
  ].join("\n");
}
