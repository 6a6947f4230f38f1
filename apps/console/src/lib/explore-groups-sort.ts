import { money, TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import type { ExploreGroup } from "./router-types.ts";

/** A column the explorer's groups table sorts by (the table's column ids), as the table's sort state holds it. */
export interface ExploreSort {
  id: string;
  desc: boolean;
}

type SortedGroup = Pick<ExploreGroup, "label" | "totals">;

function sortValue(group: SortedGroup, id: string): string | null {
  if (id === "label") return group.label;
  if (id === "total_tokens") return group.totals.total_tokens;
  if (id === "amount") return group.totals.rounded_amount;
  if ((TOKEN_TYPES as readonly string[]).includes(id)) return group.totals.tokens[id as TokenType];
  return null;
}

function compare(a: SortedGroup, b: SortedGroup, id: string): number {
  const left = sortValue(a, id);
  const right = sortValue(b, id);
  if (id === "label") return (left ?? "").toLowerCase().localeCompare((right ?? "").toLowerCase());
  // Token counts and amounts compared exactly, never as floats; an amount the api could not compute sorts as 0.
  return money(left ?? "0").comparedTo(money(right ?? "0"));
}

/**
 * The groups in the order the table shows them: the user's sort (columns in priority order), ties and no sort in the
 * api's order (costliest first, "Other" last). The table and its CSV both use this one order, so the file is the
 * table as displayed.
 */
export function sortExploreGroups<Group extends SortedGroup>(
  groups: readonly Group[],
  sorting: readonly ExploreSort[],
) {
  return groups
    .map((group, index) => ({ group, index }))
    .sort((a, b) => {
      for (const { id, desc } of sorting) {
        const order = compare(a.group, b.group, id);
        if (order !== 0) return desc ? -order : order;
      }
      return a.index - b.index;
    })
    .map((entry) => entry.group);
}
