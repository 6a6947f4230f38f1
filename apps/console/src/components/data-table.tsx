import { Button, Flex, Table, Text } from "@radix-ui/themes";
import {
  constructSortFn,
  createColumnHelper,
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_datetime,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ReactTable,
  type Row,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { money } from "@tollgate/domain";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useRef, type ReactNode } from "react";
import { TableFrame } from "./table-frame.tsx";

declare module "@tanstack/table-core" {
  // The type parameters must repeat the library's own for the declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TFeatures, TData, TValue> {
    /** Right-aligned, tabular figures (amounts, counts). */
    numeric?: boolean;
    /** Left out on phones, where only the columns that identify a row and its main figure fit. */
    secondary?: boolean;
  }
}

/** Decimal strings (money, token counts) compared exactly, never as floats. */
const sortFn_decimal = constructSortFn({
  sort: (a: string | null, b: string | null) => money(a ?? "0").comparedTo(money(b ?? "0")),
});

/** The one feature set of the console's tables: sortable columns and client-side pages. */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, datetime: sortFn_datetime, decimal: sortFn_decimal },
  rowPaginationFeature,
  paginatedRowModel: createPaginatedRowModel(),
});

type Features = typeof dataTableFeatures;
export type DataColumn<TRow extends RowData> = ColumnDef<Features, TRow, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Typed column definitions for a row shape, e.g. `const col = columnsFor<Invoice>()`. */
export function columnsFor<TRow extends RowData>() {
  return createColumnHelper<Features, TRow>();
}

const VIRTUAL_ROW_HEIGHT = 41;

/**
 * A sortable table. Up to `pageSize` rows it is one page; more rows are paged, or with `virtual` shown in one
 * scrolling body that renders only the visible rows (for long lists such as a whole catalog). On phones the table
 * scrolls sideways inside its own box, never the page. With `sorting` the caller owns the sort and passes `data`
 * already sorted (so something else, such as a CSV of the table, can use the very same order).
 */
export function DataTable<TRow extends RowData>({
  data,
  columns,
  label,
  getRowId,
  pageSize = 25,
  virtual = false,
  testId,
  sorting,
}: {
  data: TRow[];
  columns: DataColumn<TRow>[];
  label: string;
  getRowId?: (row: TRow) => string;
  pageSize?: number;
  virtual?: boolean;
  testId?: string;
  sorting?: { state: SortingState; onChange: (update: (previous: SortingState) => SortingState) => void };
}): ReactNode {
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId: getRowId ? (row) => getRowId(row) : undefined,
    initialState: { pagination: { pageIndex: 0, pageSize: virtual ? Number.MAX_SAFE_INTEGER : pageSize } },
    ...(sorting && {
      manualSorting: true,
      state: { sorting: sorting.state },
      onSortingChange: (updater) => {
        sorting.onChange((previous) => (typeof updater === "function" ? updater(previous) : updater));
      },
    }),
  });
  const rows = table.getRowModel().rows;

  return (
    <Flex direction="column" gap="2">
      {virtual ? (
        <VirtualBody table={table} rows={rows} label={label} testId={testId} />
      ) : (
        <TableFrame label={label}>
          <Table.Root variant="surface" size="2" aria-label={label} data-testid={testId}>
            <TableHead table={table} />
            <Table.Body>
              {rows.map((row) => (
                <BodyRow key={row.id} table={table} row={row} />
              ))}
            </Table.Body>
          </Table.Root>
        </TableFrame>
      )}
      {!virtual && table.getPageCount() > 1 && (
        <Flex align="center" justify="end" gap="2">
          <Text size="1" color="gray">
            Page {(table.state.pagination.pageIndex + 1).toString()} of {table.getPageCount().toString()} ·{" "}
            {data.length.toString()} rows
          </Text>
          <Button
            size="1"
            variant="soft"
            onClick={() => {
              table.previousPage();
            }}
            disabled={!table.getCanPreviousPage()}
          >
            Previous
          </Button>
          <Button
            size="1"
            variant="soft"
            onClick={() => {
              table.nextPage();
            }}
            disabled={!table.getCanNextPage()}
          >
            Next
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

type ConsoleTable<TRow extends RowData> = ReactTable<Features, TRow>;

function TableHead<TRow extends RowData>({ table }: { table: ConsoleTable<TRow> }): ReactNode {
  return (
    <Table.Header>
      {table.getHeaderGroups().map((group) => (
        <Table.Row key={group.id}>
          {group.headers.map((header) => {
            const sorted = header.column.getIsSorted();
            const numeric = header.column.columnDef.meta?.numeric === true;
            return (
              <Table.ColumnHeaderCell
                key={header.id}
                justify={numeric ? "end" : "start"}
                className={header.column.columnDef.meta?.secondary === true ? "col-secondary" : undefined}
                aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
              >
                {header.isPlaceholder ? null : header.column.getCanSort() ? (
                  <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                    <table.FlexRender header={header} />
                    {sorted === "asc" ? (
                      <ArrowUp size={12} aria-hidden="true" />
                    ) : sorted === "desc" ? (
                      <ArrowDown size={12} aria-hidden="true" />
                    ) : (
                      <ArrowUpDown size={12} aria-hidden="true" className="sort-idle" />
                    )}
                  </button>
                ) : (
                  <table.FlexRender header={header} />
                )}
              </Table.ColumnHeaderCell>
            );
          })}
        </Table.Row>
      ))}
    </Table.Header>
  );
}

function BodyRow<TRow extends RowData>({
  table,
  row,
}: {
  table: ConsoleTable<TRow>;
  row: Row<Features, TRow>;
}): ReactNode {
  return (
    <Table.Row>
      {row.getAllCells().map((cell) => (
        <Table.Cell
          key={cell.id}
          justify={cell.column.columnDef.meta?.numeric === true ? "end" : "start"}
          className={cell.column.columnDef.meta?.secondary === true ? "col-secondary" : undefined}
        >
          <table.FlexRender cell={cell} />
        </Table.Cell>
      ))}
    </Table.Row>
  );
}

/** Only the rows in view are in the DOM; spacer rows keep the scroll height and the table's own semantics. */
function VirtualBody<TRow extends RowData>({
  table,
  rows,
  label,
  testId,
}: {
  table: ConsoleTable<TRow>;
  rows: Row<Features, TRow>[];
  label: string;
  testId?: string;
}): ReactNode {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => VIRTUAL_ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columnCount = table.getAllLeafColumns().length;
  return (
    <div ref={scrollRef} className="table-scroll table-virtual" tabIndex={0} role="region" aria-label={label}>
      {/* No aria-rowcount: Radix puts the props on its wrapper div, where axe refuses it (aria-allowed-attr). */}
      <Table.Root variant="surface" size="2" aria-label={label} data-testid={testId}>
        <TableHead table={table} />
        <Table.Body>
          {top > 0 && <SpacerRow height={top} columns={columnCount} />}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? <BodyRow key={row.id} table={table} row={row} /> : null;
          })}
          {bottom > 0 && <SpacerRow height={bottom} columns={columnCount} />}
        </Table.Body>
      </Table.Root>
    </div>
  );
}

function SpacerRow({ height, columns }: { height: number; columns: number }): ReactNode {
  return (
    <tr aria-hidden="true">
      <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}
