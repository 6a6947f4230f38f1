import { Button, Flex, Select, Text } from "@radix-ui/themes";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { ArrowDown, ArrowUp, Download } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";
import { allocatedAmounts } from "../lib/allocated-amounts.ts";
import { downloadText } from "../lib/download.ts";
import { errorMessage } from "../lib/error-message.ts";
import { formatGrowth, formatMoney, formatTokens } from "../lib/format.ts";
import { SIMULATION_SORTS } from "../lib/search-params.ts";
import { changeRatio, simulationCsv, type Simulation, type SimulationResult } from "../lib/simulation-views.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";

type Sort = (typeof SIMULATION_SORTS)[number];
const SORT_LABELS: Record<Sort, string> = {
  difference: "Difference",
  net_difference: "Net difference",
  before: "Before",
  after: "After",
  tenant: "Tenant",
};
const PAGE = 200;

/** The money columns, gross then credits then net. */
const AMOUNTS = [
  "before",
  "after",
  "difference",
  "before_credits",
  "after_credits",
  "before_net",
  "after_net",
  "net_difference",
] as const;
type Amount = (typeof AMOUNTS)[number];

/** A result with its amounts rounded for display so that each column adds up to its rounded total. */
type Row = SimulationResult & { shown: Record<Amount, string> };

const col = columnsFor<Row>();
const money = (pick: (row: Row) => string, header: string, secondary = false) =>
  col.accessor(pick, {
    id: header,
    header,
    enableSorting: false,
    meta: { numeric: true, secondary },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  });
// The server sorts and pages (a run may cover thousands of tenants): the columns do not sort themselves.
const columns = col.columns([
  col.accessor("tenant_name", { header: "Tenant", enableSorting: false }),
  money((row) => row.shown.before, "Before", true),
  money((row) => row.shown.after, "After", true),
  money((row) => row.shown.difference, "Difference", true),
  money((row) => row.shown.before_credits, "Credits before", true),
  money((row) => row.shown.after_credits, "Credits after", true),
  money((row) => row.shown.before_net, "Net before", true),
  money((row) => row.shown.after_net, "Net after", true),
  money((row) => row.shown.net_difference, "Net difference"),
  col.accessor((row) => changeRatio(row.before, row.difference), {
    id: "change",
    header: "%",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => {
      const ratio = info.getValue();
      return ratio === null ? <Text color="gray">—</Text> : formatGrowth(ratio);
    },
  }),
  col.accessor("events", {
    header: "Events",
    enableSorting: false,
    meta: { numeric: true, secondary: true },
    cell: (info) => formatTokens(info.getValue()),
  }),
]);

/** The per-tenant results, sorted by the server (the sort and direction are in the URL), with a CSV of them all. */
export function SimulationResults(props: { simulation: Simulation; sort: Sort; dir: "asc" | "desc" }): ReactNode {
  const { simulation, sort, dir } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const navigate = useNavigate({ from: "/admin/simulations/$simulationId" });
  const [exporting, setExporting] = useState<string | null>(null);
  const input = { simulationId: simulation.id, sort, direction: dir, limit: PAGE };
  const pages = useInfiniteQuery({
    queryKey: [...trpc.planSimulations.results.infiniteQueryKey(input), simulation.tenants_done],
    queryFn: ({ pageParam }) => client.planSimulations.results.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const rows = useMemo((): Row[] => {
    const results = pages.data?.pages.flatMap((page) => page.results) ?? [];
    // Each column on its own: its rounded rows add up to its rounded total.
    const shown = Object.fromEntries(
      AMOUNTS.map((amount) => [
        amount,
        allocatedAmounts(
          results.map((r) => r[amount]),
          simulation.currency,
        ),
      ]),
    ) as Record<Amount, string[]>;
    return results.map((r, i) => ({
      ...r,
      shown: Object.fromEntries(AMOUNTS.map((amount) => [amount, shown[amount][i] ?? r[amount]])) as Record<
        Amount,
        string
      >,
    }));
  }, [pages.data, simulation.currency]);

  // The CSV holds every tenant: the remaining pages are fetched in the browser, in the table's order.
  const exportCsv = async () => {
    setExporting("Exporting…");
    try {
      const all: SimulationResult[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.planSimulations.results.query({ ...input, limit: 500, cursor });
        all.push(...page.results);
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
      downloadText(`simulation-${simulation.id}.csv`, simulationCsv(all), "text/csv");
      setExporting(null);
    } catch (error) {
      setExporting(errorMessage(error));
    }
  };

  return (
    <Flex direction="column" gap="3">
      <Flex gap="3" wrap="wrap" align="center" justify="between">
        <Flex gap="2" align="center" wrap="wrap">
          <Text size="2" color="gray" id="simulation-sort-label">
            Sort by
          </Text>
          {/* A select, not a segmented control: five sorts do not fit a phone's width side by side. */}
          <Select.Root
            size="1"
            value={sort}
            onValueChange={(value) => {
              const next = SIMULATION_SORTS.find((known) => known === value);
              void navigate({ search: (prev) => ({ ...prev, sort: next }) });
            }}
          >
            <Select.Trigger aria-labelledby="simulation-sort-label" data-testid="simulation-sort" />
            <Select.Content>
              {SIMULATION_SORTS.map((known) => (
                <Select.Item key={known} value={known}>
                  {SORT_LABELS[known]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
          <Button
            size="1"
            variant="soft"
            aria-label={dir === "desc" ? "Descending; switch to ascending" : "Ascending; switch to descending"}
            onClick={() => void navigate({ search: (prev) => ({ ...prev, dir: dir === "desc" ? "asc" : "desc" }) })}
            data-testid="simulation-direction"
          >
            {dir === "desc" ? <ArrowDown size={14} aria-hidden="true" /> : <ArrowUp size={14} aria-hidden="true" />}
            {dir === "desc" ? "Desc" : "Asc"}
          </Button>
        </Flex>
        <Button
          variant="soft"
          onClick={() => void exportCsv()}
          disabled={exporting === "Exporting…"}
          data-testid="simulation-csv"
        >
          <Download size={14} aria-hidden="true" /> CSV
        </Button>
      </Flex>
      {exporting !== null && exporting !== "Exporting…" && (
        <Text color="red" role="alert">
          {exporting}
        </Text>
      )}
      {pages.isPending ? (
        <Loading label="Loading results…" />
      ) : pages.isError ? (
        <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={simulation.status === "succeeded" ? "No tenant was in scope." : "No results yet."} />
      ) : (
        <>
          <DataTable
            data={rows}
            columns={columns}
            label="Simulation results"
            getRowId={(row) => row.tenant_id}
            pageSize={Number.MAX_SAFE_INTEGER}
            testId="simulation-results"
          />
          {pages.hasNextPage && (
            <Flex justify="center">
              <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
                {pages.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            </Flex>
          )}
        </>
      )}
    </Flex>
  );
}
