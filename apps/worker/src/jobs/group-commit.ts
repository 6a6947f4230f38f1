export interface GroupCommitOptions<T> {
  /** Groups running at once (each holds one Postgres connection). */
  maxInFlight: number;
  /** A group takes waiting items until their total size would pass this; one larger item still runs, alone. */
  maxSize: number;
  sizeOf: (item: T) => number;
  /** Records the items together: all of them or none (one transaction, or a retry-safe pair of them). */
  run: (items: readonly T[]) => Promise<void>;
}

interface Waiting<T> {
  item: T;
  /** Set after its group failed: it is tried on its own, so another item's failure cannot fail it again. */
  alone: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Items submitted while `maxInFlight` groups are running wait; the next free slot takes everything
 * waiting (up to `maxSize`) as one group. At low load each item runs alone at once, with no added delay; under load
 * the cost per transaction (its fixed statements, ledger lines and rollup rows) is shared by several jobs.
 * submit() settles when the item's group has: a failed group is retried item by item, each first in line, so one
 * bad job fails only itself.
 */
export class GroupCommitter<T> {
  private readonly waiting: Waiting<T>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, alone: false, resolve, reject });
      this.startGroups();
    });
  }

  /** Items waiting for a free slot (not counting running groups). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private startGroups(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      this.inFlight += 1;
      void this.runGroup(this.takeGroup());
    }
  }

  private takeGroup(): Waiting<T>[] {
    const first = this.waiting.shift();
    if (!first) return [];
    const group = [first];
    if (first.alone) return group;
    let size = this.options.sizeOf(first.item);
    for (let next = this.waiting[0]; next && !next.alone; next = this.waiting[0]) {
      const nextSize = this.options.sizeOf(next.item);
      if (size + nextSize > this.options.maxSize) break;
      size += nextSize;
      group.push(next);
      this.waiting.shift();
    }
    return group;
  }

  private async runGroup(group: Waiting<T>[]): Promise<void> {
    try {
      await this.options.run(group.map((waiting) => waiting.item));
      for (const waiting of group) waiting.resolve();
    } catch (error) {
      const [only] = group;
      if (group.length === 1 && only) only.reject(error);
      else this.waiting.unshift(...group.map((waiting) => ({ ...waiting, alone: true })));
    } finally {
      this.inFlight -= 1;
      this.startGroups();
    }
  }
}
