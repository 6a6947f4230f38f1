import { Button, Grid } from "@radix-ui/themes";
import type { PlanPricingInput } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useFieldArray, useFormContext } from "react-hook-form";
import { IntegerInput, PatternsInput, SectionMessage, TextInput, type PlanEditForm } from "./pricing-fields.tsx";
import { EntryBox, SectionCard } from "./section-card.tsx";

type Rule = NonNullable<PlanPricingInput["rules"]>[number];

const NEW_RULES: Record<Rule["kind"], Rule> = {
  long_context: { kind: "long_context", prompt_tokens_above: 200_000 },
  service_tier: { kind: "service_tier", service_tier: "priority" },
  request_fee: { kind: "request_fee", amount: "0" },
};

const TITLES: Record<Rule["kind"], string> = {
  long_context: "Long context",
  service_tier: "Service tier",
  request_fee: "Request fee",
};

/** Conditional rules: long context and service tier switch to their own rates (or a multiplier); a fee per request. */
export function RulesSection(): ReactNode {
  const { control } = useFormContext<PlanEditForm>();
  const rules = useFieldArray({ control, name: "pricing.rules" });
  return (
    <SectionCard
      title="Rules"
      path="pricing.rules"
      description="Applied in order to a whole request. Long context and service tier use their own rates in the rates editor (pick them under “Rates for”), else the multiplier."
      actions={(Object.keys(NEW_RULES) as Rule["kind"][]).map((kind) => (
        <Button
          key={kind}
          type="button"
          size="1"
          variant="soft"
          onClick={() => {
            rules.append(NEW_RULES[kind]);
          }}
          data-testid={`add-rule-${kind}`}
        >
          Add {TITLES[kind].toLowerCase()} rule
        </Button>
      ))}
    >
      {rules.fields.map((field, index) => {
        const at = `pricing.rules.${index.toString()}`;
        const rule = field as unknown as Rule;
        return (
          <EntryBox
            key={field.id}
            title={`${(index + 1).toString()}. ${TITLES[rule.kind]}`}
            onRemove={() => {
              rules.remove(index);
            }}
            testId="rule"
          >
            <Grid columns={{ initial: "1", sm: "3" }} gap="3">
              {rule.kind === "long_context" && (
                <>
                  <IntegerInput
                    path={`${at}.prompt_tokens_above`}
                    label="Prompt tokens above"
                    testId="rule-threshold"
                  />
                  <TextInput
                    path={`${at}.multiplier`}
                    label="Multiplier (optional)"
                    empty="optional"
                    placeholder="e.g. 2"
                    testId="rule-multiplier"
                  />
                  <PatternsInput path={`${at}.models`} label="Models" optional testId="rule-models" />
                </>
              )}
              {rule.kind === "service_tier" && (
                <>
                  <TextInput path={`${at}.service_tier`} label="Service tier" />
                  <TextInput
                    path={`${at}.multiplier`}
                    label="Multiplier (optional)"
                    empty="optional"
                    placeholder="e.g. 1.5"
                  />
                </>
              )}
              {rule.kind === "request_fee" && (
                <>
                  <TextInput path={`${at}.amount`} label="Fee per request" />
                  <PatternsInput path={`${at}.models`} label="Models" optional />
                </>
              )}
            </Grid>
            <SectionMessage path={at} />
          </EntryBox>
        );
      })}
    </SectionCard>
  );
}
