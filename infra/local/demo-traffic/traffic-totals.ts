import type { BatchResult } from "./sender.ts";

/** What the run has sent so far, as ingest counted it. */
export class TrafficTotals {
  sent = 0;
  accepted = 0;
  duplicates = 0;
  rejected = 0;
  requests = 0;
  /** Generated but given up (ingest unreachable or refusing when the run ended). */
  notSent = 0;
  private readonly startedAt = Date.now();

  add(sent: number, result: BatchResult): void {
    this.requests += 1;
    this.sent += sent;
    this.accepted += result.accepted;
    this.duplicates += result.duplicates;
    this.rejected += result.rejected;
  }

  giveUp(count: number): void {
    this.notSent += count;
  }

  eventsPerSecond(now = Date.now()): number {
    const seconds = (now - this.startedAt) / 1000;
    return seconds > 0 ? this.sent / seconds : 0;
  }

  describe(): string {
    return (
      `sent ${this.sent.toString()} events in ${this.requests.toString()} requests ` +
      `(${this.eventsPerSecond().toFixed(1)} events/s): accepted ${this.accepted.toString()}, ` +
      `duplicates ${this.duplicates.toString()}, rejected ${this.rejected.toString()}` +
      (this.notSent > 0 ? `; not sent ${this.notSent.toString()}` : "")
    );
  }
}
