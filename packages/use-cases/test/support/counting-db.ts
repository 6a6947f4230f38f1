import type { Db } from "@tollgate/db";

export interface CountingDb {
  /** The same client, counting every operation it sends (a query-count hook on a real database, not a mock). */
  db: Db;
  /** Operations seen so far, e.g. "ApiKey.findUnique" or "$executeRaw". */
  counts: Map<string, number>;
  count(operation: string): number;
}

export function countingDb(db: Db): CountingDb {
  const counts = new Map<string, number>();
  const extended = db.$extends({
    query: {
      async $allOperations({ model, operation, args, query }): Promise<unknown> {
        const name = model ? `${model}.${operation}` : operation;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return (await query(args)) as unknown;
      },
    },
  });
  return {
    // The extension keeps the client's API; only its static type differs.
    db: extended as unknown as Db,
    counts,
    count: (operation) => counts.get(operation) ?? 0,
  };
}
