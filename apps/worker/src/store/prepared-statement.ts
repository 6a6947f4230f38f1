import type { QueryConfig } from "pg";

/**
 * A named statement: Postgres parses and plans it once per connection instead of once per job, which is a large
 * share of a small job's cost. Each name must always carry the same text.
 */
export function prepared(name: string, text: string): QueryConfig {
  return { name, text };
}
