import { Flex, Grid, Select, Text, TextField } from "@radix-ui/themes";
import { TOKEN_TYPES } from "@tollgate/domain";
import { useId, type ReactNode } from "react";
import { Controller, useWatch, type UseFormReturn } from "react-hook-form";
import type { MappingForm } from "../lib/ingest-mapping-form.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { FormField } from "./form-field.tsx";
import { catalogMatch, ModelCombobox, ModelSuggestions } from "./model-combobox.tsx";
import { useCatalogModels } from "./plan-editor/use-catalog-models.ts";

const SOURCE_LABELS = { lago: "Lago event (code)", stripe: "Stripe meter event (event_name)" } as const;

/**
 * The fields of one mapping: which native events (source and key, fixed once saved: they name the mapping), where
 * the model comes from, and where the token counts are (Lago: a property per token type; Stripe: one token type
 * read from the payload's value key).
 */
export function IngestMappingFields({
  form,
  editing,
}: {
  form: UseFormReturn<MappingForm>;
  editing: boolean;
}): ReactNode {
  const { errors } = form.formState;
  const source = useWatch({ control: form.control, name: "source" });
  const modelFrom = useWatch({ control: form.control, name: "model_from" });
  return (
    <>
      <Grid columns={{ initial: "1", xs: "2" }} gap="3">
        <Controller
          control={form.control}
          name="source"
          render={({ field }) => (
            <FormField label="Source" hint={editing ? "Fixed: delete and add to change it." : undefined}>
              {(control) => (
                <Select.Root value={field.value} onValueChange={field.onChange} disabled={editing}>
                  <Select.Trigger {...control} data-testid="mapping-source" />
                  <Select.Content>
                    <Select.Item value="lago">{SOURCE_LABELS.lago}</Select.Item>
                    <Select.Item value="stripe">{SOURCE_LABELS.stripe}</Select.Item>
                  </Select.Content>
                </Select.Root>
              )}
            </FormField>
          )}
        />
        <FormField
          label={source === "lago" ? "Lago code" : "Stripe event name"}
          hint={editing ? "Fixed: it names the mapping." : "The events this mapping applies to."}
          error={errors.key}
        >
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("key")}
              readOnly={editing}
              autoComplete="off"
              data-testid="mapping-key"
            />
          )}
        </FormField>
      </Grid>
      <Controller
        control={form.control}
        name="model_from"
        render={({ field }) => (
          <FormField label="Model from">
            {(control) => (
              <Select.Root value={field.value} onValueChange={field.onChange}>
                <Select.Trigger {...control} data-testid="mapping-model-from" />
                <Select.Content>
                  <Select.Item value="property">
                    {source === "lago" ? "A property of the event" : "A payload key of the event"}
                  </Select.Item>
                  <Select.Item value="value">One fixed model</Select.Item>
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        )}
      />
      {modelFrom === "value" ? (
        <FixedModelField form={form} />
      ) : (
        <FormField
          label={source === "lago" ? "Model property" : "Model payload key"}
          hint="Its value is the model id."
          error={errors.model}
        >
          {(control) => (
            <TextField.Root {...control} {...form.register("model")} autoComplete="off" data-testid="mapping-model" />
          )}
        </FormField>
      )}
      {source === "lago" ? <LagoTokenFields form={form} /> : <StripeTokenFields form={form} />}
    </>
  );
}

function FixedModelField({ form }: { form: UseFormReturn<MappingForm> }): ReactNode {
  const catalog = useCatalogModels();
  const model = useWatch({ control: form.control, name: "model" });
  const listId = useId();
  return (
    <FormField
      label="Model"
      hint={catalog.isPending ? "Loading the catalog…" : catalogMatch(model, catalog.data ?? [])}
      error={form.formState.errors.model}
    >
      {(control) => (
        <>
          <ModelCombobox
            control={control}
            registration={form.register("model")}
            listId={listId}
            testId="mapping-model"
          />
          <ModelSuggestions id={listId} models={catalog.data ?? []} />
        </>
      )}
    </FormField>
  );
}

function LagoTokenFields({ form }: { form: UseFormReturn<MappingForm> }): ReactNode {
  const { errors } = form.formState;
  return (
    <Flex direction="column" gap="2">
      <Text size="2" weight="medium">
        Token counts: the property holding each
      </Text>
      <Grid columns={{ initial: "2", sm: "3" }} gap="2">
        {TOKEN_TYPES.map((type) => (
          <FormField key={type} label={TOKEN_LABELS[type]} error={errors.tokens?.[type]}>
            {(control) => (
              <TextField.Root
                {...control}
                {...form.register(`tokens.${type}`)}
                placeholder="not read"
                autoComplete="off"
                data-testid={`mapping-token-${type}`}
              />
            )}
          </FormField>
        ))}
      </Grid>
      {errors.tokens?.message ? (
        <Text size="1" color="red" role="alert">
          {errors.tokens.message}
        </Text>
      ) : (
        <Text size="1" color="gray">
          Empty: that token type is not read. Other properties are kept as metadata.
        </Text>
      )}
    </Flex>
  );
}

function StripeTokenFields({ form }: { form: UseFormReturn<MappingForm> }): ReactNode {
  const { errors } = form.formState;
  return (
    <>
      <Controller
        control={form.control}
        name="token_type"
        render={({ field }) => (
          <FormField label="Token type of the value" error={errors.token_type}>
            {(control) => (
              <Select.Root value={field.value} onValueChange={field.onChange}>
                <Select.Trigger {...control} data-testid="mapping-token-type" />
                <Select.Content>
                  {TOKEN_TYPES.map((type) => (
                    <Select.Item key={type} value={type}>
                      {TOKEN_LABELS[type]}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        )}
      />
      <Grid columns={{ initial: "1", xs: "2" }} gap="3">
        <FormField label="Value key" hint="Empty: value." error={errors.value_key}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("value_key")}
              autoComplete="off"
              data-testid="mapping-value-key"
            />
          )}
        </FormField>
        <FormField label="Customer key" hint="Empty: stripe_customer_id." error={errors.customer_key}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("customer_key")}
              autoComplete="off"
              data-testid="mapping-customer-key"
            />
          )}
        </FormField>
      </Grid>
    </>
  );
}
