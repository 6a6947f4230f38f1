import { Flex, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatRatioPercent, type MarginReport } from "../lib/analytics-views.ts";
import { formatMoney } from "../lib/format.ts";
import { columnsFor, DataTable } from "./data-table.tsx";

type MarginRow = MarginReport["rows"][number];
const col = columnsFor<MarginRow>();

/**
 * Revenue against provider cost per model or provider. The rows show the rounded amounts the API allocated, so they
 * add up to the total shown under the table; margin is shown for USD only (cost is USD, there are no exchange rates).
 */
export function AnalyticsMarginTable({ report }: { report: MarginReport }): ReactNode {
  const usd = report.currency === report.cost_currency;
  const columns = col.columns([
    col.accessor("key", { header: report.by === "model" ? "Model" : "Provider", sortFn: "text" }),
    col.accessor("rounded_revenue", {
      header: `Revenue (${report.currency})`,
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), report.currency),
    }),
    col.accessor("rounded_cost", {
      header: "Cost (USD)",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), report.cost_currency),
    }),
    col.accessor("rounded_margin", {
      header: "Margin",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => {
        const margin = info.getValue();
        return margin === null ? <Text color="gray">—</Text> : formatMoney(margin, report.currency);
      },
    }),
    col.accessor("margin_ratio", {
      header: "Margin %",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatRatioPercent(info.getValue()),
    }),
  ]);
  const total = report.total;
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={report.rows}
        columns={columns}
        label={`Margin by ${report.by}`}
        getRowId={(row) => row.key}
        testId="analytics-margin"
      />
      <Text size="2" data-testid="analytics-margin-total">
        Total: revenue <strong>{formatMoney(total.rounded_revenue, report.currency)}</strong>, cost{" "}
        <strong>{formatMoney(total.rounded_cost, report.cost_currency)}</strong>
        {usd && total.rounded_margin !== null ? (
          <>
            , margin <strong>{formatMoney(total.rounded_margin, report.currency)}</strong> (
            {formatRatioPercent(total.margin_ratio)})
          </>
        ) : (
          <Text color="gray"> · margin is shown for USD revenue only (provider cost is in USD)</Text>
        )}
      </Text>
    </Flex>
  );
}
