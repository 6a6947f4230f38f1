import { Badge, Button, Callout, Card, Flex, Heading, Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { formatUnitPrice } from "@tollgate/domain";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { errorMessage } from "../lib/error-message.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";

type SyncDiff = RouterOutputs["pricesSync"]["diff"];
type RateChange = SyncDiff["cost_rate_changes"][number];
type NewModel = SyncDiff["new_models"][number];

const count = (n: number, noun: string) => `${n.toString()} ${noun}${n === 1 ? "" : "s"}`;
const price = (value: string | null) => (value === null ? "none" : formatUnitPrice(value, "USD"));

const changeCol = columnsFor<RateChange>();
const changeColumns = changeCol.columns([
  changeCol.accessor("model_id", {
    header: "Model",
    cell: (info) => <Text className="break-anywhere">{info.getValue()}</Text>,
  }),
  changeCol.accessor("token_type", { header: "Type", cell: (info) => TOKEN_LABELS[info.getValue()] }),
  changeCol.accessor("new_price", {
    header: "Old → new /1M",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => (
      <Text className="nowrap" data-testid="sync-change-price">
        {price(info.row.original.old_price)} → {price(info.getValue())}
      </Text>
    ),
  }),
  changeCol.accessor("effective_from", {
    header: "From",
    meta: { secondary: true },
    cell: (info) =>
      info.row.original.basis === "now" ? "Now (when applied)" : <DateTime iso={info.getValue()} dateOnly />,
  }),
]);

const modelCol = columnsFor<NewModel>();
const modelColumns = modelCol.columns([
  modelCol.accessor("id", {
    header: "Model",
    cell: (info) => <Text className="break-anywhere">{info.getValue()}</Text>,
  }),
  modelCol.accessor("display_name", { header: "Name", meta: { secondary: true } }),
  modelCol.accessor((model) => model.aliases.length, {
    id: "aliases",
    header: "Aliases",
    meta: { numeric: true, secondary: true },
  }),
  modelCol.accessor((model) => model.cost_rates.length, { id: "rates", header: "Cost rates", meta: { numeric: true } }),
]);

/** `/admin/catalog/sync`: what the bundled price data would change in the catalog, applied once confirmed. */
export function AdminCatalogSyncPage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Sync prices"
        description="The bundled price data compared with the catalog: new models, and cost rates that bring each history up to date (history is never rewritten)."
      >
        <Button variant="soft" asChild>
          <Link to="/admin/catalog">Back to the catalog</Link>
        </Button>
      </PageHeader>
      <SyncDiffView />
    </Flex>
  );
}

function SyncDiffView(): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The review is what Apply sends back: it must not change under the operator while they read it.
  const diff = useQuery({ ...trpc.pricesSync.diff.queryOptions({}), staleTime: Infinity, refetchOnWindowFocus: false });
  const dialog = useDialog();
  const apply = useMutation(
    trpc.pricesSync.applyDiff.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.models.pathFilter());
        await queryClient.invalidateQueries(trpc.pricesSync.pathFilter());
      },
    }),
  );

  if (diff.isPending) return <Loading label="Comparing the price data with the catalog…" />;
  if (diff.isError) return <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />;
  const data = diff.data;
  const changedModels = new Set(data.cost_rate_changes.map((change) => change.model_id)).size;
  const empty = data.new_models.length + data.cost_rate_changes.length + data.alias_changes.length === 0;

  return (
    <Flex direction="column" gap="4">
      {apply.isSuccess && (
        <Callout.Root color="green" role="status" data-testid="sync-applied">
          <Callout.Text>
            Applied: {count(apply.data.models_created, "model")}, {count(apply.data.cost_rates_created, "cost rate")},{" "}
            {count(apply.data.aliases_updated, "alias update")}. The rating sweep rates the events they cover.
          </Callout.Text>
        </Callout.Root>
      )}
      <Card size="2">
        <Flex justify="between" align="center" gap="3" wrap="wrap">
          <Flex direction="column" gap="1">
            <Text weight="medium" data-testid="sync-summary">
              {empty
                ? "The catalog is up to date."
                : `${count(data.new_models.length, "new model")}, ${count(data.cost_rate_changes.length, "cost-rate change")} in ${count(changedModels, "model")}, ${count(data.alias_changes.length, "model")} with new aliases`}
            </Text>
            <Text size="1" color="gray">
              {data.source}, compared at <DateTime iso={data.now} />
            </Text>
          </Flex>
          <ConfirmDialog
            trigger={
              <Button disabled={empty} data-testid="sync-apply">
                Apply
              </Button>
            }
            title="Apply the price sync?"
            description="The catalog gets exactly the changes shown, audited as you. Cost rates are history: they cannot be removed afterwards."
            action="Apply"
            color="accent"
            pending={apply.isPending}
            error={apply.isError ? errorMessage(apply.error) : null}
            onConfirm={() => {
              apply.mutate({ now: data.now, fingerprint: data.fingerprint });
            }}
            {...dialog.bind(apply)}
            testId="sync-apply"
          />
        </Flex>
      </Card>
      {empty ? (
        <Empty title="Nothing to change.">
          Every model of the price data is in the catalog with its current prices.
        </Empty>
      ) : (
        <>
          <Section title="Cost-rate changes" count={data.cost_rate_changes.length}>
            <DataTable
              data={data.cost_rate_changes}
              columns={changeColumns}
              label="Cost-rate changes"
              virtual={data.cost_rate_changes.length > 100}
              testId="sync-changes"
            />
          </Section>
          <Section title="New models" count={data.new_models.length}>
            <DataTable
              data={data.new_models}
              columns={modelColumns}
              label="New models"
              getRowId={(model) => model.id}
              virtual={data.new_models.length > 100}
              testId="sync-new-models"
            />
          </Section>
          <Section title="New aliases" count={data.alias_changes.length}>
            <Flex direction="column" gap="1">
              {data.alias_changes.map((change) => (
                <Text key={change.model_id} size="2" className="break-anywhere">
                  {change.model_id}: + {change.added.join(", ")}
                </Text>
              ))}
            </Flex>
          </Section>
        </>
      )}
    </Flex>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }): ReactNode {
  if (count === 0) return null;
  return (
    <Flex direction="column" gap="2">
      <Heading as="h2" size="4">
        {title} <Badge color="gray">{count.toString()}</Badge>
      </Heading>
      {children}
    </Flex>
  );
}
