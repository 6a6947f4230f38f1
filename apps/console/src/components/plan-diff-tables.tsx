import { Badge, Code, Flex, Table, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatPercentChange, formatUnitPrice } from "../lib/format.ts";
import type { PlanDiff } from "../lib/plan-views.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { columnsFor, DataTable } from "./data-table.tsx";
import { ConditionBadge } from "./plan-rates-table.tsx";
import { TableFrame } from "./table-frame.tsx";

type RateEntry = PlanDiff["rates"]["entries"][number];
type FieldChange = PlanDiff["pricing"]["changes"][number];

const KIND_BADGES = {
  added: { color: "green", label: "Added" },
  removed: { color: "red", label: "Removed" },
  changed: { color: "amber", label: "Changed" },
  unchanged: { color: "gray", label: "Same" },
} as const;

const col = columnsFor<RateEntry>();

function price(value: string | null, currency: string): ReactNode {
  return value === null ? <Text color="gray">—</Text> : formatUnitPrice(value, currency);
}

function diffColumns(currencyA: string, currencyB: string) {
  return col.columns([
    col.accessor("model_id", {
      header: "Model",
      sortFn: "alphanumeric",
      cell: (info) => (
        <Flex direction="column" gap="1" align="start">
          <Code variant="ghost" className="model-id">
            {info.getValue()}
          </Code>
          <Flex gap="2" align="center" wrap="wrap">
            <Text size="1" color="gray">
              {TOKEN_LABELS[info.row.original.token_type as keyof typeof TOKEN_LABELS]}
            </Text>
            <ConditionBadge condition={info.row.original.condition} />
          </Flex>
        </Flex>
      ),
    }),
    col.accessor("kind", {
      header: "Change",
      meta: { secondary: true },
      cell: (info) => {
        const badge = KIND_BADGES[info.getValue()];
        return (
          <Badge highContrast color={badge.color} data-testid={`rate-${info.getValue()}`}>
            {badge.label}
          </Badge>
        );
      },
    }),
    col.accessor("before", {
      header: "A /1M",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => price(info.getValue(), currencyA),
    }),
    col.accessor("after", {
      header: "B /1M",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => price(info.getValue(), currencyB),
    }),
    col.accessor("change_percent", {
      header: "%",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => {
        const percent = info.getValue();
        if (percent === null) return <Text color="gray">—</Text>;
        return <span className="nowrap">{formatPercentChange(percent)}</span>;
      },
    }),
  ]);
}

/** Rates side by side: A's price, B's, and the change; added and removed rates marked. Virtualized. */
export function RateDiffTable({ diff }: { diff: PlanDiff }): ReactNode {
  return (
    <DataTable
      data={diff.rates.entries}
      columns={diffColumns(diff.a.currency, diff.b.currency)}
      label="Rate differences"
      getRowId={(entry) => `${entry.model_id}\u0000${entry.condition}\u0000${entry.token_type}`}
      virtual
      testId="rate-diff"
    />
  );
}

function leafText(value: FieldChange["before"], present: boolean): ReactNode {
  if (!present) return <Text color="gray">(absent)</Text>;
  if (value === null) return <Text color="gray">none</Text>;
  return <Code variant="ghost">{String(value)}</Code>;
}

/** The pricing document's changed fields: path, A's value, B's value. */
export function FieldDiffTable({ changes }: { changes: FieldChange[] }): ReactNode {
  return (
    <TableFrame label="Pricing changes">
      <Table.Root variant="surface" size="2" aria-label="Pricing changes" data-testid="pricing-diff">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeaderCell>Field</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>A (before)</Table.ColumnHeaderCell>
            <Table.ColumnHeaderCell>B (after)</Table.ColumnHeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {changes.map((change) => (
            <Table.Row key={change.path}>
              <Table.RowHeaderCell>
                <Code variant="ghost" className="model-id">
                  {change.path}
                </Code>
              </Table.RowHeaderCell>
              <Table.Cell>{leafText(change.before, "before" in change)}</Table.Cell>
              <Table.Cell>{leafText(change.after, "after" in change)}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </TableFrame>
  );
}
