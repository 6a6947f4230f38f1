import { Badge, Button, Card, Flex, Heading, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState, type ReactNode } from "react";
import { formatTokens } from "../lib/format.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { CostRatesDialog } from "./cost-rates-dialog.tsx";
import { DateTime } from "./date-time.tsx";
import { ModelDialog, type ModelDialogValues } from "./model-dialog.tsx";

type UnratedRow = RouterOutputs["models"]["unratedUsage"]["models"][number];

/** A new model for an unknown name: `provider/name` becomes the id, anything else an alias to attach. */
function modelFor(name: string): Partial<ModelDialogValues> {
  const slash = name.indexOf("/");
  if (slash > 0) return { id: name, provider: name.slice(0, slash).toLowerCase(), display_name: name.slice(slash + 1) };
  return { aliases: [name], display_name: name };
}

const col = columnsFor<UnratedRow>();

function phoneFigures(row: UnratedRow): string {
  const tenants = `${row.tenants.toString()} ${row.tenants === 1 ? "tenant" : "tenants"}`;
  return `${formatTokens(row.unrated_events)} events, ${formatTokens(row.unrated_tokens)} tokens unrated · ${tenants}`;
}

/**
 * Usage stored unrated, by model, with the way to price it: a name the catalog lacks becomes a model (or an alias);
 * a catalog model lacks a rate in the tenants' plans. The rating sweep rates the events once either is done.
 */
export function UnratedUsageCard(): ReactNode {
  const trpc = useTRPC();
  const unrated = useQuery(trpc.models.unratedUsage.queryOptions({}));
  const [pricing, setPricing] = useState<Partial<ModelDialogValues> | null>(null);
  const columns = col.columns([
    col.accessor("model_id", {
      header: "Model name",
      cell: (info) => (
        <Flex direction="column">
          <Text className="break-anywhere">{info.getValue()}</Text>
          {/* On phones the figures' columns are hidden (the table fits 390 px without scrolling): they go here. */}
          <Text size="1" color="gray" className="phone-only" data-testid="unrated-phone-figures">
            {phoneFigures(info.row.original)}
          </Text>
        </Flex>
      ),
    }),
    col.accessor("unrated_events", {
      header: "Events unrated",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    col.accessor("unrated_tokens", {
      header: "Tokens unrated",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    col.accessor("tenants", { header: "Tenants", meta: { numeric: true, secondary: true } }),
    col.accessor("last_day", {
      header: "Last seen",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.getValue()} dateOnly />,
    }),
    col.display({
      id: "price",
      header: "Price it",
      cell: (info) => {
        const row = info.row.original;
        return row.in_catalog ? (
          // A known model is unrated when it has no provider cost rate in force (plans price it by markup over
          // cost) or its tenants' plan lacks a rate: either is priced from here.
          <Flex gap="2" className="row-actions">
            <CostRatesDialog modelId={row.model_id} />
            <Button size="1" variant="soft" asChild>
              <Link to="/admin/plans" data-testid="unrated-plan-link">
                Plans
              </Link>
            </Button>
          </Flex>
        ) : (
          <Button
            size="1"
            variant="soft"
            onClick={() => {
              setPricing(modelFor(row.model_id));
            }}
            data-testid="unrated-price-it"
          >
            Add to catalog
          </Button>
        );
      },
    }),
  ]);

  return (
    <Card size="2">
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Heading as="h2" size="4">
            Unrated usage
          </Heading>
          <Text size="2" color="gray">
            Events stored without a price. <Badge color="gray">Add to catalog</Badge> for names no model or alias
            matches; a catalog model needs its provider cost <Badge color="gray">Rates</Badge> (for plans priced by
            markup) or a rate in the tenants&apos; <Badge color="gray">Plans</Badge>. The rating sweep then rates them.
          </Text>
        </Flex>
        {unrated.isPending ? (
          <Loading label="Loading unrated usage…" />
        ) : unrated.isError ? (
          <ErrorState error={unrated.error} onRetry={() => void unrated.refetch()} />
        ) : unrated.data.models.length === 0 ? (
          <Empty title="Every event is rated." />
        ) : (
          <DataTable
            data={unrated.data.models}
            columns={columns}
            label="Unrated usage by model"
            getRowId={(row) => row.model_id}
            testId="unrated-table"
          />
        )}
      </Flex>
      {pricing !== null && (
        <ModelDialog
          initial={pricing}
          open
          onOpenChange={(open) => {
            if (!open) setPricing(null);
          }}
        />
      )}
    </Card>
  );
}
