import { Button, Card, Flex, Grid, Text, TextField } from "@radix-ui/themes";
import { TOKEN_TYPES } from "@tollgate/domain";
import { Plus, Trash2 } from "lucide-react";
import { useId, type ReactNode } from "react";
import { useFieldArray, useWatch, type UseFormReturn } from "react-hook-form";
import { emptyPrices, type OverrideForm } from "../lib/override-form.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { FormField } from "./form-field.tsx";
import { catalogMatch, ModelCombobox, ModelSuggestions } from "./model-combobox.tsx";
import { useCatalogModels } from "./plan-editor/use-catalog-models.ts";

/**
 * The override's own rates: one card per model (or glob) with a price per 1M tokens for each token type the
 * pricing knows; an empty price keeps the plan's. Mounted inside the open dialog only, so the catalog is fetched
 * (the plan editor's query, cached) when an operator opens it, not with the tenant page.
 */
export function OverrideRateRows({ form }: { form: UseFormReturn<OverrideForm> }): ReactNode {
  const rows = useFieldArray({ control: form.control, name: "rates" });
  const catalog = useCatalogModels();
  const models = catalog.data ?? [];
  const typed = useWatch({ control: form.control, name: "rates" });
  const { errors } = form.formState;
  const listId = useId();
  return (
    <Flex direction="column" gap="2" data-testid="override-rate-rows">
      <ModelSuggestions id={listId} models={models} />
      <Flex justify="between" align="center" gap="2" wrap="wrap">
        <Text size="2" weight="medium">
          Own rates per 1M tokens
        </Text>
        <Button
          type="button"
          size="1"
          variant="soft"
          onClick={() => {
            rows.append({ model: "", prices: emptyPrices() });
          }}
          data-testid="override-add-model"
        >
          <Plus size={14} aria-hidden /> Add model
        </Button>
      </Flex>
      {rows.fields.length === 0 && (
        <Text size="1" color="gray">
          None: the plan&apos;s rates apply (less any discount).
        </Text>
      )}
      {catalog.isError && (
        <Text size="1" color="red" role="alert">
          The catalog did not load, so there are no suggestions; model ids can still be typed.
        </Text>
      )}
      {rows.fields.map((row, index) => {
        const rowErrors = errors.rates?.[index];
        return (
          <Card key={row.id} size="1" data-testid="override-rate-row">
            <Flex direction="column" gap="2">
              <FormField
                label={`Model ${(index + 1).toString()}`}
                hint={catalog.isPending ? "Loading the catalog…" : catalogMatch(typed[index]?.model ?? "", models)}
                error={rowErrors?.model}
              >
                {(control) => (
                  <ModelCombobox
                    control={control}
                    registration={form.register(`rates.${index}.model`)}
                    listId={listId}
                    testId="override-model"
                  />
                )}
              </FormField>
              <Grid columns={{ initial: "2", sm: "5" }} gap="2">
                {TOKEN_TYPES.map((type) => (
                  <FormField key={type} label={TOKEN_LABELS[type]} error={rowErrors?.prices?.[type]}>
                    {(control) => (
                      <TextField.Root
                        {...control}
                        {...form.register(`rates.${index}.prices.${type}`)}
                        inputMode="decimal"
                        autoComplete="off"
                        placeholder="plan's"
                        data-testid={`override-price-${type}`}
                      />
                    )}
                  </FormField>
                ))}
              </Grid>
              <Flex justify="between" align="center" gap="2" wrap="wrap">
                {rowErrors?.prices?.message ? (
                  <Text size="1" color="red" role="alert">
                    {rowErrors.prices.message}
                  </Text>
                ) : (
                  <Text size="1" color="gray">
                    Exact decimals, e.g. 2.5; empty keeps the plan&apos;s price.
                  </Text>
                )}
                <Button
                  type="button"
                  size="1"
                  variant="soft"
                  color="gray"
                  onClick={() => {
                    rows.remove(index);
                  }}
                  aria-label={`Remove model ${(index + 1).toString()}`}
                  data-testid="override-remove-model"
                >
                  <Trash2 size={14} aria-hidden /> Remove
                </Button>
              </Flex>
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}
