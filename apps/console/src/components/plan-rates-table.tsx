import { Badge, Code, Flex, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatUnitPrice } from "../lib/format.ts";
import { conditionLabel, TOKEN_TYPE_COLUMNS, type RateRow } from "../lib/plan-views.ts";
import { columnsFor, DataTable } from "./data-table.tsx";

/** A rate's condition set apart from base rates: long-context and service-tier rates replace the base ones. */
export function ConditionBadge({ condition }: { condition: string }): ReactNode {
  if (condition === "") return null;
  return (
    <Badge highContrast color={condition === "long_context" ? "purple" : "cyan"} data-testid="rate-condition">
      {conditionLabel(condition)}
    </Badge>
  );
}

const col = columnsFor<RateRow>();

function rateColumns(currency: string) {
  return col.columns([
    col.accessor("modelId", {
      header: "Model",
      sortFn: "alphanumeric",
      cell: (info) => (
        <Flex direction="column" gap="1" align="start">
          <Code variant="ghost" className="model-id">
            {info.getValue()}
          </Code>
          <Flex gap="2" align="center" wrap="wrap">
            <Text size="1" color="gray">
              {info.row.original.provider}
            </Text>
            <ConditionBadge condition={info.row.original.condition} />
          </Flex>
        </Flex>
      ),
    }),
    ...TOKEN_TYPE_COLUMNS.map(({ type, header, secondary }) =>
      col.accessor((row) => row.prices[type] ?? null, {
        id: type,
        header: `${header} /1M`,
        sortFn: "decimal",
        meta: { numeric: true, secondary },
        cell: (info) => {
          const price = info.getValue();
          return price === null ? <Text color="gray">—</Text> : formatUnitPrice(price, currency);
        },
      }),
    ),
  ]);
}

/**
 * A version's explicit rates, one row per model and condition with a column per token type. Virtualized: a real
 * catalog is ~1,500 models, and only the rows in view are rendered.
 */
export function PlanRatesTable({ rows, currency }: { rows: RateRow[]; currency: string }): ReactNode {
  return (
    <DataTable
      data={rows}
      columns={rateColumns(currency)}
      label="Rates per 1M tokens"
      getRowId={(row) => row.id}
      virtual
      testId="plan-rates"
    />
  );
}
