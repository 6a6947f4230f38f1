import { Button, Flex, Text, TextField } from "@radix-ui/themes";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { formatUnitPrice, TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { CostRatesDialog } from "../components/cost-rates-dialog.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { ModelDialog } from "../components/model-dialog.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { SearchBox } from "../components/search-box.tsx";
import { UnratedUsageCard } from "../components/unrated-usage-card.tsx";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";
import { useUrlText } from "../lib/use-url-text.ts";

type ModelRow = RouterOutputs["models"]["list"]["models"][number];

/** The operation's largest page: a whole catalog is a few pages, then one virtualized table. */
const PAGE_SIZE = "500";
/** Every price is a secondary column: on phones the model's input and output prices go under its id instead. */
const MAIN_TYPES: readonly TokenType[] = ["input", "output"];

/** "In $3.00 · Out $15.00": what a phone shows of the prices (the columns do not fit next to the actions). */
function phonePrices(row: ModelRow): string {
  return MAIN_TYPES.map((type) => {
    const price = row.cost_rates[type]?.price_per_million;
    return `${TOKEN_LABELS[type]} ${price === undefined ? "—" : formatUnitPrice(price, "USD")}`;
  }).join(" · ");
}

const col = columnsFor<ModelRow>();
const columns = col.columns([
  col.accessor("id", {
    header: "Model",
    // The provider is under the id (a column of its own pushed the prices off wide screens). One line each: the
    // virtualized body measures rows at one height, and ids read best unbroken (cut short on phones, whole in the
    // title and the Edit dialog).
    cell: (info) => (
      <Flex direction="column" className="catalog-model">
        <Text className="nowrap" weight="medium" size="2" title={info.getValue()}>
          {info.getValue()}
        </Text>
        <Text size="1" color="gray" className="nowrap wide-only">
          {info.row.original.display_name} · {info.row.original.provider}
        </Text>
        <Text size="1" color="gray" className="nowrap phone-only" data-testid="catalog-phone-prices">
          {phonePrices(info.row.original)}
        </Text>
      </Flex>
    ),
  }),
  col.accessor((row) => row.aliases.join(", "), {
    id: "aliases",
    header: "Aliases",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => {
      const aliases = info.row.original.aliases;
      if (aliases.length === 0) return <Text color="gray">—</Text>;
      return (
        <Flex gap="1" className="nowrap">
          <Text size="1" className="alias-cell" title={aliases.join(", ")}>
            {aliases[0]}
          </Text>
          {aliases.length > 1 && (
            <Text size="1" color="gray">
              +{(aliases.length - 1).toString()}
            </Text>
          )}
        </Flex>
      );
    },
  }),
  ...TOKEN_TYPES.map((type) =>
    col.accessor((row) => row.cost_rates[type]?.price_per_million ?? null, {
      id: `cost_${type}`,
      header: TOKEN_LABELS[type],
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => {
        const price = info.getValue<string | null>();
        return price === null ? <Text color="gray">—</Text> : formatUnitPrice(price, "USD");
      },
    }),
  ),
  col.display({
    id: "actions",
    header: "Actions",
    cell: (info) => {
      const model = info.row.original;
      return (
        <Flex gap="2" className="row-actions">
          <ModelDialog
            model={model}
            trigger={
              <Button size="1" variant="soft" data-testid="model-edit">
                Edit
              </Button>
            }
          />
          <CostRatesDialog modelId={model.id} />
        </Flex>
      );
    },
  }),
]);

/** `/admin/catalog`: the models with their current provider cost rates, the prices:sync link and unrated usage. */
export function AdminCatalogPage(): ReactNode {
  const user = useSignedInUser();
  const { q, provider } = useSearch({ from: "/signed-in/admin/catalog" });
  const navigate = useNavigate({ from: "/admin/catalog" });
  const [providerText, setProviderText] = useUrlText(
    provider,
    (next) => {
      void navigate({ search: (prev) => ({ ...prev, provider: next }), replace: true });
    },
    (text) => (text.trim() === "" ? undefined : text.trim().toLowerCase()),
  );

  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Catalog"
        description="Models events are matched to (by id or alias) and the providers' cost rates in force now, per 1,000,000 tokens (USD)."
      >
        <ModelDialog
          trigger={
            <Button variant="soft" data-testid="model-add">
              Add model
            </Button>
          }
        />
        <Button asChild>
          <Link to="/admin/catalog/sync" data-testid="catalog-sync-link">
            Sync prices
          </Link>
        </Button>
      </PageHeader>
      <Flex gap="3" wrap="wrap" align="center">
        <SearchBox
          value={q}
          onCommit={(next) => {
            void navigate({ search: (prev) => ({ ...prev, q: next }), replace: true });
          }}
          normalize={(text) => (text.trim() === "" ? undefined : text.trim())}
          placeholder="Id, name or exact alias…"
          label="Search models"
          testId="catalog-search"
        />
        <TextField.Root
          placeholder="Provider, e.g. openai"
          aria-label="Provider"
          value={providerText}
          onChange={(event) => {
            setProviderText(event.target.value);
          }}
          className="search-box"
          data-testid="catalog-provider"
        />
      </Flex>
      <ModelList search={q} provider={provider} />
      <UnratedUsageCard />
    </Flex>
  );
}

function ModelList({ search, provider }: { search: string | undefined; provider: string | undefined }): ReactNode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { search, provider, limit: PAGE_SIZE };
  const pages = useInfiniteQuery({
    queryKey: trpc.models.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.models.list.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const models = useMemo(() => pages.data?.pages.flatMap((page) => page.models) ?? [], [pages.data]);

  if (pages.isPending) return <Loading label="Loading models…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />;
  if (models.length === 0) {
    return (
      <Empty title={search === undefined && provider === undefined ? "No models yet." : "No model matches."}>
        Sync prices from the bundled price data, or add a model.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={models}
        columns={columns}
        label="Models"
        getRowId={(model) => model.id}
        virtual
        testId="model-table"
      />
      <Flex justify="between" align="center" gap="2" wrap="wrap">
        <Text size="1" color="gray">
          {models.length.toString()} {models.length === 1 ? "model" : "models"}
          {pages.hasNextPage ? " loaded" : ""}
        </Text>
        {pages.hasNextPage && (
          <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
