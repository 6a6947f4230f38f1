import { Button, Grid, Select } from "@radix-ui/themes";
import { TOKEN_TYPES, type PlanPricingInput } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { TOKEN_LABELS } from "../../lib/token-labels.ts";
import { FormField } from "../form-field.tsx";
import { PatternsInput, TextInput, type PlanEditForm } from "./pricing-fields.tsx";
import { EntryBox, SectionCard } from "./section-card.tsx";

type Unlisted = NonNullable<PlanPricingInput["unlisted_models"]>;

const NEW_UNLISTED: Record<Unlisted["kind"], Unlisted> = {
  unpriced: { kind: "unpriced" },
  cost_markup: { kind: "cost_markup", markup_percent: "0" },
  rates: { kind: "rates", rates: {} },
};

/** Models without explicit rates: a markup over provider cost per group of models, then a default for the rest. */
export function MarkupsSection(): ReactNode {
  const { control, setValue } = useFormContext<PlanEditForm>();
  const markups = useFieldArray({ control, name: "pricing.model_markups" });
  const unlistedKind = useWatch({ control, name: "pricing.unlisted_models.kind" }) ?? "unpriced";
  return (
    <SectionCard
      title="Markups and unlisted models"
      path="pricing.model_markups"
      description="A model without explicit rates is priced at provider cost plus the first matching group's markup, else as “unlisted models” says."
      actions={
        <Button
          type="button"
          size="1"
          variant="soft"
          onClick={() => {
            markups.append({ models: [], markup_percent: "0" });
          }}
        >
          Add markup group
        </Button>
      }
    >
      {markups.fields.map((field, index) => {
        const at = `pricing.model_markups.${index.toString()}`;
        return (
          <EntryBox
            key={field.id}
            title={`Markup group ${(index + 1).toString()}`}
            onRemove={() => {
              markups.remove(index);
            }}
          >
            <Grid columns={{ initial: "1", sm: "2" }} gap="3">
              <PatternsInput path={`${at}.models`} label="Models" optional={false} />
              <TextInput path={`${at}.markup_percent`} label="Markup over cost (%)" />
            </Grid>
          </EntryBox>
        );
      })}
      <FormField label="Unlisted models">
        {(props) => (
          <Select.Root
            value={unlistedKind}
            onValueChange={(kind) => {
              setValue("pricing.unlisted_models", NEW_UNLISTED[kind as Unlisted["kind"]], { shouldDirty: true });
            }}
          >
            <Select.Trigger {...props} data-testid="unlisted-kind" />
            <Select.Content>
              <Select.Item value="unpriced">Not priced (usage is recorded unrated)</Select.Item>
              <Select.Item value="cost_markup">Provider cost plus a markup</Select.Item>
              <Select.Item value="rates">Default rates per 1M</Select.Item>
            </Select.Content>
          </Select.Root>
        )}
      </FormField>
      {unlistedKind === "cost_markup" && (
        <TextInput path="pricing.unlisted_models.markup_percent" label="Markup over cost (%)" />
      )}
      {unlistedKind === "rates" && (
        <Grid columns={{ initial: "1", xs: "2", md: "5" }} gap="3">
          {TOKEN_TYPES.map((type) => (
            <TextInput
              key={type}
              path={`pricing.unlisted_models.rates.${type}`}
              label={`${TOKEN_LABELS[type]} per 1M`}
              empty="optional"
            />
          ))}
        </Grid>
      )}
    </SectionCard>
  );
}
