import { Card, Flex, Heading, Select, Text, TextField } from "@radix-ui/themes";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import type { RatesDraft } from "../../lib/rates-draft.ts";
import { FormField } from "../form-field.tsx";
import { Empty } from "../async-state.tsx";
import { RatesBulkBar, RatesChangeCount } from "./rates-bulk-bar.tsx";
import { RatesTable, type CatalogModel } from "./rates-table.tsx";

const ALL = "all";

interface RatesFilter {
  q?: string | undefined;
  provider?: string | undefined;
  condition?: string | undefined;
}

const ROUTE = "/signed-in/admin/plans/$planId/versions/$versionId/edit";

/** What a condition's rates are called on screen. */
export function conditionLabel(condition: string): string {
  if (condition === "") return "Base rates";
  if (condition === "long_context") return "Long context";
  return `Service tier ${condition.slice("service_tier:".length)}`;
}

/**
 * The rates editor: every catalog model (so a model without a rate can get one) filtered by search and provider,
 * under the base rates or one rule's condition, with the bulk actions over the selected rows. Filters are in the URL.
 */
export function RatesEditor({
  draft,
  models,
  conditions,
  cellErrors,
}: {
  draft: RatesDraft;
  models: readonly CatalogModel[];
  conditions: readonly string[];
  cellErrors: ReadonlyMap<string, string>;
}): ReactNode {
  // Read here, not by the page: a filter change re-renders the rates, not the pricing form.
  const filter = useSearch({ from: ROUTE });
  const navigate = useNavigate({ from: "/admin/plans/$planId/versions/$versionId/edit" });
  const onFilter = (patch: RatesFilter) => {
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });
  };
  const condition = filter.condition !== undefined && conditions.includes(filter.condition) ? filter.condition : "";
  const providers = useMemo(() => [...new Set(models.map((model) => model.provider))].sort(), [models]);
  const shown = useMemo(() => {
    const needle = (filter.q ?? "").trim().toLowerCase();
    return models.filter(
      (model) =>
        (filter.provider === undefined || model.provider === filter.provider) &&
        (needle === "" || model.id.toLowerCase().includes(needle) || model.display_name.toLowerCase().includes(needle)),
    );
  }, [models, filter.q, filter.provider]);

  return (
    <Card size="2">
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Heading as="h2" size="4">
            Rates per 1M tokens
          </Heading>
          <Text size="2" color="gray">
            Explicit prices per model and token type. An empty cell has no explicit rate: the model is then priced by
            the markups or the unlisted-models price below.
          </Text>
        </Flex>
        <Flex gap="3" wrap="wrap" align="end">
          <FormField label="Search models">
            {(control) => (
              <TextField.Root
                {...control}
                value={filter.q ?? ""}
                placeholder="id or name"
                autoComplete="off"
                data-testid="rates-search"
                onChange={(event) => {
                  onFilter({ q: event.target.value === "" ? undefined : event.target.value });
                }}
              />
            )}
          </FormField>
          <FormField label="Provider">
            {(control) => (
              <Select.Root
                value={filter.provider ?? ALL}
                onValueChange={(value) => {
                  onFilter({ provider: value === ALL ? undefined : value });
                }}
              >
                <Select.Trigger {...control} data-testid="rates-provider" />
                <Select.Content>
                  <Select.Item value={ALL}>All providers</Select.Item>
                  {providers.map((provider) => (
                    <Select.Item key={provider} value={provider}>
                      {provider}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
          <FormField label="Rates for">
            {(control) => (
              <Select.Root
                value={condition === "" ? ALL : condition}
                onValueChange={(value) => {
                  onFilter({ condition: value === ALL ? undefined : value });
                }}
              >
                <Select.Trigger {...control} data-testid="rates-condition" />
                <Select.Content>
                  {conditions.map((item) => (
                    <Select.Item key={item} value={item === "" ? ALL : item}>
                      {conditionLabel(item)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        </Flex>
        <RatesBulkBar draft={draft} condition={condition} />
        <Flex justify="between" align="center" wrap="wrap" gap="2">
          <Text size="2" color="gray" data-testid="rates-shown">
            {shown.length.toString()} of {models.length.toString()} models
          </Text>
          <RatesChangeCount draft={draft} />
        </Flex>
        {shown.length === 0 ? (
          <Empty title="No model matches these filters." />
        ) : (
          <RatesTable draft={draft} models={shown} condition={condition} cellErrors={cellErrors} />
        )}
      </Flex>
    </Card>
  );
}
