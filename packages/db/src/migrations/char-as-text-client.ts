import pg from "pg";

// Postgres' internal one-byte "char" type (OID 18) appears in catalog columns the schema engine reads while
// introspecting (e.g. pg_constraint.contype); @prisma/adapter-pg 7.10 cannot map that OID and throws. We report such
// columns as text so the adapter accepts them, and remember their positions on the rows array so the adapter wrapper
// (see migration-adapter.ts) can tell the engine they are characters, as it expects.
const CHAR_OID = 18;
const TEXT_OID = 25;

interface ResultWithFields {
  fields?: { dataTypeID: number }[];
  rows?: unknown[];
}

export function charColumnsOf(rows: unknown): number[] {
  return (rows as { charColumns?: number[] } | null)?.charColumns ?? [];
}

function reportCharAsText<T>(result: T): T {
  const results: unknown[] = Array.isArray(result) ? result : [result];
  for (const item of results) {
    const { fields, rows } = (item ?? {}) as ResultWithFields;
    const charColumns: number[] = [];
    fields?.forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      charColumns.push(index);
    });
    if (charColumns.length > 0 && rows) Object.defineProperty(rows, "charColumns", { value: charColumns });
  }
  return result;
}

type QueryCallback = (error: Error | null, result: unknown) => void;

/** A pg Client whose results never carry the "char" type (used only by the migration runner's pools). */
export class CharAsTextClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, submittable); this wrapper keeps each one's behaviour.
  // @ts-expect-error -- one implementation covering all of pg.Client#query's overloads
  override query(...args: unknown[]): unknown {
    const callbackIndex = args.findIndex((arg) => typeof arg === "function");
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as QueryCallback;
      args[callbackIndex] = (error: Error | null, result: unknown) => {
        callback(error, error ? result : reportCharAsText(result));
      };
    }
    const returned: unknown = (super.query as (...a: unknown[]) => unknown)(...args);
    if (callbackIndex < 0 && returned instanceof Promise) return returned.then(reportCharAsText);
    return returned;
  }
}
