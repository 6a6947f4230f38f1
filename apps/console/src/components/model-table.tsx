import { Code, Flex } from "@radix-ui/themes";
import { useMemo, type ReactNode } from "react";
import { formatMoney, formatTokens } from "../lib/format.ts";
import type { ModelUsage } from "../lib/router-types.ts";
import { shownModelRows, type ShownModelRow } from "../lib/shown-model-rows.ts";
import { columnsFor, DataTable } from "./data-table.tsx";
import { allUnrated, UnpricedAmount, UnratedBadge } from "./unrated-marks.tsx";

const col = columnsFor<ShownModelRow>();
// On phones the token columns give way to the model and its amount.
const tokenColumn = (type: keyof ModelUsage["tokens"], header: string) =>
  col.accessor((row) => row.tokens[type], {
    id: type,
    header,
    sortFn: "decimal",
    meta: { numeric: true, secondary: true },
    cell: (info) => formatTokens(info.getValue()),
  });

function columns(currency: string) {
  return col.columns([
    col.accessor("modelId", {
      header: "Model",
      sortFn: "alphanumeric",
      cell: (info) => (
        <Flex gap="2" align="center" wrap="wrap">
          <Code variant="ghost">{info.getValue()}</Code>
          <UnratedBadge count={info.row.original.unratedCount} />
        </Flex>
      ),
    }),
    col.accessor("eventCount", {
      header: "Events",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    tokenColumn("input", "Input"),
    tokenColumn("cached_input", "Cached input"),
    tokenColumn("cache_write", "Cache write"),
    tokenColumn("output", "Output"),
    tokenColumn("reasoning", "Reasoning"),
    col.accessor("shownAmount", {
      header: "Amount",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => (allUnrated(info.row.original) ? <UnpricedAmount /> : formatMoney(info.getValue(), currency)),
    }),
  ]);
}

export function ModelTable({ rows, currency }: { rows: ModelUsage[]; currency: string }): ReactNode {
  const tableColumns = useMemo(() => columns(currency), [currency]);
  const data = useMemo(() => shownModelRows(rows, currency), [rows, currency]);
  return (
    <DataTable
      data={data}
      columns={tableColumns}
      label="Usage by model"
      getRowId={(row) => row.modelId}
      testId="model-table"
    />
  );
}
