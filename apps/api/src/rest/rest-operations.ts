import { appRouter, type OperationMeta, type RestOperation } from "@tollgate/trpc";
import { z } from "zod";

/** One procedure of the router that is also served over REST. */
export interface RestServedOperation {
  /** The procedure's dotted path in the router, e.g. "budgets.create". */
  procedurePath: string;
  rest: RestOperation;
  /** The REST request merged: path parameters plus query (GET, DELETE) or body fields. */
  input: z.ZodObject;
  output: z.ZodType | undefined;
  /** The names of `rest.path`'s `{parameters}`. */
  pathKeys: string[];
}

interface ProcedureDef {
  _def: { meta?: OperationMeta; inputs: unknown[]; output?: unknown };
}

/** `{name}` segments of an OpenAPI path. */
export function pathKeysOf(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] ?? "");
}

/**
 * The router's REST-served procedures (those with `meta.rest`). A procedure whose input is not one zod object
 * naming every path parameter is a programming error, refused when the server starts.
 */
export function restOperations(): RestServedOperation[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.entries(procedures).flatMap(([procedurePath, procedure]) => {
    const rest = procedure._def.meta?.rest;
    if (!rest) return [];
    const [input, ...more] = procedure._def.inputs;
    if (!(input instanceof z.ZodObject) || more.length > 0) {
      throw new Error(`${procedurePath}: a REST operation's input must be one zod object`);
    }
    const pathKeys = pathKeysOf(rest.path);
    const missing = pathKeys.filter((key) => !(key in input.shape));
    if (missing.length > 0) throw new Error(`${procedurePath}: input lacks path parameters ${missing.join(", ")}`);
    const output = procedure._def.output instanceof z.ZodType ? procedure._def.output : undefined;
    return [{ procedurePath, rest, input, output, pathKeys }];
  });
}

/** Whether the operation's non-path fields come from the query string (else from the JSON body). */
export function takesQuery(rest: RestOperation): boolean {
  if (rest.fieldsFrom) return rest.fieldsFrom === "query";
  return rest.method === "GET" || rest.method === "DELETE";
}

/** The input's fields outside the path: the query's or the body's. */
export function nonPathFields(operation: RestServedOperation): z.ZodObject {
  return operation.input.omit(keyMask(operation.pathKeys));
}

/** The input's path parameters. */
export function pathFields(operation: RestServedOperation): z.ZodObject {
  return operation.input.pick(keyMask(operation.pathKeys));
}

function keyMask(keys: string[]): Record<string, true> & Record<number, never> {
  return Object.fromEntries(keys.map((key) => [key, true])) as Record<string, true> & Record<number, never>;
}
