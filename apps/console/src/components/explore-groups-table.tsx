import { Flex, Heading, Text } from "@radix-ui/themes";
import { TOKEN_TYPES } from "@tollgate/domain";
import { useMemo, useState, type ReactNode } from "react";
import { sortExploreGroups, type ExploreSort } from "../lib/explore-groups-sort.ts";
import { formatMoney, formatTokens } from "../lib/format.ts";
import type { ExploreGroup, UsageExploration } from "../lib/router-types.ts";
import type { UsageSearch } from "../lib/search-params.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { GROUP_BY_LABELS, GROUP_BY_PHRASES } from "../lib/explore-groups.ts";
import { ExploreDownloadMenu } from "./explore-download-menu.tsx";
import { columnsFor, DataTable, type DataColumn } from "./data-table.tsx";
import { allUnrated, UnpricedAmount, UnratedBadge } from "./unrated-marks.tsx";

type GroupBy = NonNullable<UsageSearch["group_by"]>;

const col = columnsFor<ExploreGroup>();

function groupColumns(groupBy: GroupBy, currency: string): DataColumn<ExploreGroup>[] {
  return col.columns([
    col.accessor("label", {
      header: GROUP_BY_LABELS[groupBy],
      sortFn: "text",
      cell: (info) => (
        <Flex gap="2" align="center" wrap="wrap">
          <span>{info.getValue()}</span>
          <UnratedBadge count={info.row.original.totals.unrated_event_count ?? "0"} />
        </Flex>
      ),
    }),
    ...TOKEN_TYPES.map((type) =>
      col.accessor((group) => group.totals.tokens[type], {
        id: type,
        header: TOKEN_LABELS[type],
        sortFn: "decimal",
        meta: { numeric: true, secondary: true },
        cell: (info) => formatTokens(info.row.original.totals.tokens[type]),
      }),
    ),
    col.accessor((group) => group.totals.total_tokens, {
      id: "total_tokens",
      header: "Tokens",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatTokens(info.row.original.totals.total_tokens),
    }),
    col.accessor((group) => group.totals.rounded_amount, {
      id: "amount",
      header: "Amount",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => {
        const { rounded_amount: amount, event_count: events, unrated_event_count: unrated } = info.row.original.totals;
        // Token-type groups have no event counts (an event has several token types): their amount is shown as is.
        if (events !== null && unrated !== null && allUnrated({ eventCount: events, unratedCount: unrated })) {
          return <UnpricedAmount />;
        }
        return amount === null ? "—" : formatMoney(amount, currency);
      },
    }),
  ]);
}

/**
 * The groups found, a row each with tokens by type and amount, the downloads above them. The sort is held here and
 * applied by sortExploreGroups, so the table CSV lists the rows in the order shown.
 */
export function ExploreGroupsTable({
  exploration,
  groupBy,
}: {
  exploration: UsageExploration;
  groupBy: GroupBy;
}): ReactNode {
  const columns = useMemo(() => groupColumns(groupBy, exploration.currency), [groupBy, exploration.currency]);
  const [sorting, setSorting] = useState<ExploreSort[]>([]);
  const rows = useMemo(() => sortExploreGroups(exploration.groups, sorting), [exploration.groups, sorting]);
  return (
    <Flex direction="column" gap="2">
      <Flex align="center" justify="between" wrap="wrap" gap="2">
        <Heading as="h2" size="3">
          Groups
        </Heading>
        <ExploreDownloadMenu exploration={exploration} groupBy={groupBy} sorting={sorting} />
      </Flex>
      <DataTable
        data={rows}
        columns={columns}
        sorting={{ state: sorting, onChange: setSorting }}
        label={`Usage by ${GROUP_BY_PHRASES[groupBy]}`}
        getRowId={(group) => `${group.kind}:${group.key ?? ""}`}
        testId="explore-table"
      />
      {exploration.merged_groups > 0 && (
        <Text size="1" color="gray">
          The smallest {exploration.merged_groups.toString()} groups are merged into “Other”.
        </Text>
      )}
    </Flex>
  );
}
