import { Button, Flex, Grid, Select, Text } from "@radix-ui/themes";
import type { PricingTierMeter } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { FormField } from "../form-field.tsx";
import {
  fieldName,
  PatternsInput,
  SectionMessage,
  TextInput,
  TokenTypesInput,
  type PlanEditForm,
} from "./pricing-fields.tsx";
import { EntryBox, SectionCard } from "./section-card.tsx";

type Schedule = PricingTierMeter["schedule"];
type Mode = Schedule["mode"];

const NEW_SCHEDULES: Record<Mode, Schedule> = {
  graduated: {
    mode: "graduated",
    tiers: [
      { up_to: "1000000", price_per_million: "0" },
      { up_to: null, price_per_million: "0" },
    ],
  },
  volume: {
    mode: "volume",
    tiers: [
      { up_to: "1000000", price_per_million: "0" },
      { up_to: null, price_per_million: "0" },
    ],
  },
  package: { mode: "package", package_size: "1000000", package_price: "0" },
};

/** Tiered meters: the period's volume of some token types priced by a graduated, volume or package schedule. */
export function TiersSection(): ReactNode {
  const { control } = useFormContext<PlanEditForm>();
  const meters = useFieldArray({ control, name: "pricing.tiers" });
  return (
    <SectionCard
      title="Tiers"
      path="pricing.tiers"
      description="Tokens a meter covers are priced on the period's volume instead of the rates: graduated (each band its own price), volume (the whole volume at the band reached) or package."
      actions={
        <Button
          type="button"
          size="1"
          variant="soft"
          data-testid="add-tier-meter"
          onClick={() => {
            meters.append({
              id: `meter-${(meters.fields.length + 1).toString()}`,
              token_types: ["input"],
              schedule: NEW_SCHEDULES.graduated,
            });
          }}
        >
          Add tier meter
        </Button>
      }
    >
      {meters.fields.map((field, index) => (
        <TierMeter
          key={field.id}
          index={index}
          onRemove={() => {
            meters.remove(index);
          }}
        />
      ))}
    </SectionCard>
  );
}

function TierMeter({ index, onRemove }: { index: number; onRemove: () => void }): ReactNode {
  const { setValue } = useFormContext<PlanEditForm>();
  const at = `pricing.tiers.${index.toString()}`;
  const mode = useWatch<PlanEditForm>({ name: fieldName(`${at}.schedule.mode`) }) as Mode;
  return (
    <EntryBox title={`Meter ${(index + 1).toString()}`} onRemove={onRemove} testId="tier-meter">
      <Grid columns={{ initial: "1", sm: "3" }} gap="3">
        <TextInput path={`${at}.id`} label="Meter id" />
        <PatternsInput path={`${at}.models`} label="Models" optional />
        <FormField label="Schedule">
          {(control) => (
            <Select.Root
              value={mode}
              onValueChange={(next) => {
                setValue(fieldName(`${at}.schedule`), NEW_SCHEDULES[next as Mode], { shouldDirty: true });
              }}
            >
              <Select.Trigger {...control} data-testid="tier-mode" />
              <Select.Content>
                <Select.Item value="graduated">Graduated</Select.Item>
                <Select.Item value="volume">Volume</Select.Item>
                <Select.Item value="package">Package</Select.Item>
              </Select.Content>
            </Select.Root>
          )}
        </FormField>
      </Grid>
      <TokenTypesInput path={`${at}.token_types`} optional={false} />
      <SectionMessage path={`${at}.schedule`} />
      {mode === "package" ? (
        <Grid columns={{ initial: "1", sm: "2" }} gap="3">
          <TextInput path={`${at}.schedule.package_size`} label="Package size (tokens)" />
          <TextInput path={`${at}.schedule.package_price`} label="Package price" />
        </Grid>
      ) : (
        <Bands key={mode} path={`${at}.schedule.tiers`} />
      )}
    </EntryBox>
  );
}

/** A graduated or volume schedule's bands, ascending; the last one has no upper bound. */
function Bands({ path }: { path: string }): ReactNode {
  const { control } = useFormContext<PlanEditForm>();
  // The bands' path is built at run time (inside a discriminated union); see fieldName.
  const bands = useFieldArray({ control, name: fieldName(path) as "pricing.tiers.0.schedule.tiers" });
  return (
    <Flex direction="column" gap="2">
      <Text size="2" weight="medium">
        Bands (ascending; an empty “up to” is unbounded)
      </Text>
      {bands.fields.map((field, index) => {
        const at = `${path}.${index.toString()}`;
        return (
          <Flex key={field.id} gap="2" align="end" wrap="wrap" data-testid="tier-band">
            <TextInput
              path={`${at}.up_to`}
              label="Up to (tokens)"
              empty="nullable"
              placeholder="∞"
              testId="band-up-to"
            />
            <TextInput path={`${at}.price_per_million`} label="Price per 1M" testId="band-price" />
            <TextInput path={`${at}.flat_fee`} label="Flat fee" empty="optional" />
            <Button
              type="button"
              size="1"
              variant="ghost"
              color="red"
              onClick={() => {
                bands.remove(index);
              }}
              aria-label={`Remove band ${(index + 1).toString()}`}
            >
              Remove
            </Button>
          </Flex>
        );
      })}
      <SectionMessage path={path} />
      <Button
        type="button"
        size="1"
        variant="soft"
        className="self-start"
        onClick={() => {
          bands.append({ up_to: null, price_per_million: "0" });
        }}
        data-testid="add-band"
      >
        Add band
      </Button>
    </Flex>
  );
}
