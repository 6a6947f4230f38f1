import type { EventTemplate } from "./event-templates.ts";

/**
 * Builds request bodies from templates with fresh, unique ids: `<run>-<n>`. String concatenation keeps the client
 * cheap (JSON.stringify of 1,000 events per request would cost more CPU than the server spends on them).
 */
export class RequestBodies {
  private next = 0;
  private cursor = 0;

  constructor(
    private readonly run: string,
    private readonly templates: readonly EventTemplate[],
  ) {}

  /** One event per request: the canonical single-event body. */
  single(timestamp: string): string {
    return this.event(timestamp);
  }

  /** `{"events": [...]}` with `size` events. */
  batch(size: number, timestamp: string): string {
    const events: string[] = [];
    for (let index = 0; index < size; index += 1) events.push(this.event(timestamp));
    return `{"events":[${events.join(",")}]}`;
  }

  private event(timestamp: string): string {
    const template = this.templates[this.cursor];
    this.cursor = (this.cursor + 1) % this.templates.length;
    if (!template) throw new Error("no event templates");
    this.next += 1;
    return `{"id":"${this.run}-${this.next.toString()}","timestamp":"${timestamp}",${template.members}}`;
  }
}
