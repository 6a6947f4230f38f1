import { z } from "zod";

// Postgres text and jsonb cannot hold NUL (22021 / 22P05): without this check such a value fails in the database,
// a 500 on the admin API and a retry forever for a queued event. A lone surrogate (JSON allows "\ud800") is stored
// as U+FFFD, so two distinct ids would collide into one.
const NUL = "\u0000";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Most text has no surrogates at all; this plain class test is far cheaper than the lookaround one above.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** The default upper bound for free text stored in Postgres (reasons, descriptions). */
export const MAX_STORED_TEXT = 2000;

export const NUL_PROBLEM = "must not contain NUL characters";
export const SURROGATE_PROBLEM = "must be valid Unicode (no lone surrogates)";

/** Why Postgres could not store `value` faithfully, or undefined when it can. */
export function unstorableTextProblem(value: string): string | undefined {
  if (value.includes(NUL)) return NUL_PROBLEM;
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) return SURROGATE_PROBLEM;
  return undefined;
}

/**
 * The one text schema for every string stored in Postgres, at every boundary (admin REST, tRPC, ingest): at most
 * `max` UTF-16 units, no NUL, no lone surrogate. Chain `.trim()`, `.min()` or `.regex()` as a field needs.
 */
export function storedText(max: number = MAX_STORED_TEXT) {
  return z
    .string()
    .max(max)
    .refine((value) => !value.includes(NUL), NUL_PROBLEM)
    .refine((value) => !ANY_SURROGATE.test(value) || !LONE_SURROGATE.test(value), SURROGATE_PROBLEM);
}

/**
 * Where inside a JSON value (keys included) a string Postgres cannot store sits, as "path: problem"; undefined when
 * every string is storable. For documents stored as jsonb (mapping configs, pricing documents).
 */
export function findUnstorableJsonText(value: unknown, path: readonly string[] = []): string | undefined {
  const where = (at: readonly string[]) => (at.length > 0 ? at.join(".") : "value");
  if (typeof value === "string") {
    const problem = unstorableTextProblem(value);
    return problem && `${where(path)}: ${problem}`;
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = unstorableTextProblem(key);
    if (keyProblem) return `${where(path)}: a key ${keyProblem}`;
    const found = findUnstorableJsonText(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** A JSON object stored as jsonb: any keys and values, but no string anywhere inside that Postgres cannot store. */
export const storedJsonObject = z.record(z.string(), z.unknown()).superRefine((value, context) => {
  const problem = findUnstorableJsonText(value);
  if (problem) context.addIssue({ code: "custom", message: problem });
});
