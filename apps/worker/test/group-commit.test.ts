import { describe, expect, it } from "vitest";
import { GroupCommitter } from "../src/jobs/group-commit.ts";

/** A run that records its groups and finishes each only when the test releases it. */
function controlledRun() {
  const groups: number[][] = [];
  const releases: ((error?: Error) => void)[] = [];
  const run = (items: readonly number[]) =>
    new Promise<void>((resolve, reject) => {
      groups.push([...items]);
      releases.push((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  return { groups, releases, run };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommitter", () => {
  it("runs an item at once while a slot is free, and groups the items that waited", async () => {
    const { groups, releases, run } = controlledRun();
    const committer = new GroupCommitter<number>({ maxInFlight: 1, maxSize: 100, sizeOf: () => 1, run });
    const first = committer.submit(1);
    expect(groups).toEqual([[1]]);
    const waiting = [2, 3, 4].map((item) => committer.submit(item));
    expect(committer.waitingCount).toBe(3);
    expect(groups).toHaveLength(1);
    releases[0]?.();
    await first;
    await settle();
    expect(groups).toEqual([[1], [2, 3, 4]]);
    releases[1]?.();
    await Promise.all(waiting);
    expect(committer.waitingCount).toBe(0);
  });

  it("keeps a group within maxSize, but runs a larger item on its own", async () => {
    const { groups, releases, run } = controlledRun();
    const committer = new GroupCommitter<number>({ maxInFlight: 1, maxSize: 10, sizeOf: (n) => n, run });
    const all = [committer.submit(1), committer.submit(4), committer.submit(5), committer.submit(12)];
    for (let index = 0; index < 3; index += 1) {
      releases[index]?.();
      await settle();
    }
    await Promise.all(all);
    expect(groups).toEqual([[1], [4, 5], [12]]);
  });

  it("runs up to maxInFlight groups at once", () => {
    const { groups, run } = controlledRun();
    const committer = new GroupCommitter<number>({ maxInFlight: 3, maxSize: 100, sizeOf: () => 1, run });
    for (let item = 1; item <= 5; item += 1) void committer.submit(item);
    expect(groups).toEqual([[1], [2], [3]]);
    expect(committer.waitingCount).toBe(2);
  });

  it("retries a failed group item by item, so only the failing item fails", async () => {
    const groups: number[][] = [];
    const committer = new GroupCommitter<number>({
      maxInFlight: 1,
      maxSize: 100,
      sizeOf: () => 1,
      run: async (items) => {
        groups.push([...items]);
        await settle();
        if (items.includes(3)) throw new Error("item 3 cannot be recorded");
      },
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((item) => committer.submit(item)));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(results[2]).toMatchObject({ reason: new Error("item 3 cannot be recorded") });
    // 1 alone (free slot), then 2–4 together (failed), then each of them alone, first in line.
    expect(groups).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});
