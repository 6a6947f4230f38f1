import { Button, Grid } from "@radix-ui/themes";
import type { PricingAllowance } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useFieldArray, useFormContext } from "react-hook-form";
import { PatternsInput, TextInput, TokenTypesInput, type PlanEditForm } from "./pricing-fields.tsx";
import { EntryBox, SectionCard } from "./section-card.tsx";

const NEW_ALLOWANCES: Record<PricingAllowance["kind"], PricingAllowance> = {
  tokens: { kind: "tokens", id: "included-tokens", tokens: "1000000" },
  money: { kind: "money", id: "included-credit", amount: "0" },
};

/** Included usage per period: free tokens (of some models and types) or an amount of money. */
export function AllowancesSection(): ReactNode {
  const { control } = useFormContext<PlanEditForm>();
  const allowances = useFieldArray({ control, name: "pricing.allowances" });
  return (
    <SectionCard
      title="Allowances"
      path="pricing.allowances"
      description="Usage included each period: a number of tokens, or one money allowance spent before anything is charged."
      actions={
        <>
          <Button
            type="button"
            size="1"
            variant="soft"
            onClick={() => {
              allowances.append(NEW_ALLOWANCES.tokens);
            }}
          >
            Add token allowance
          </Button>
          <Button
            type="button"
            size="1"
            variant="soft"
            onClick={() => {
              allowances.append(NEW_ALLOWANCES.money);
            }}
          >
            Add money allowance
          </Button>
        </>
      }
    >
      {allowances.fields.map((field, index) => {
        const at = `pricing.allowances.${index.toString()}`;
        const allowance = field as unknown as PricingAllowance;
        return (
          <EntryBox
            key={field.id}
            title={allowance.kind === "tokens" ? "Token allowance" : "Money allowance"}
            onRemove={() => {
              allowances.remove(index);
            }}
          >
            <Grid columns={{ initial: "1", sm: "3" }} gap="3">
              <TextInput path={`${at}.id`} label="Meter id" />
              {allowance.kind === "tokens" ? (
                <>
                  <TextInput path={`${at}.tokens`} label="Tokens per period" />
                  <PatternsInput path={`${at}.models`} label="Models" optional />
                </>
              ) : (
                <TextInput path={`${at}.amount`} label="Amount per period" />
              )}
            </Grid>
            {allowance.kind === "tokens" && <TokenTypesInput path={`${at}.token_types`} optional />}
          </EntryBox>
        );
      })}
    </SectionCard>
  );
}
