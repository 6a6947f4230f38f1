import { Grid } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { TextInput } from "./pricing-fields.tsx";
import { SectionCard } from "./section-card.tsx";

/** When the prices apply from, the period's minimum commitment and its spend cap. */
export function TermsSection(): ReactNode {
  return (
    <SectionCard
      title="Terms"
      description="A minimum commitment is trued up when the period closes; usage beyond the spend cap is not charged."
    >
      <Grid columns={{ initial: "1", sm: "3" }} gap="3">
        <TextInput
          path="effective_from"
          label="Effective from"
          hint="RFC 3339, e.g. 2027-01-01T00:00:00Z"
          testId="effective-from"
        />
        <TextInput path="pricing.minimum_commitment" label="Minimum commitment" empty="nullable" placeholder="none" />
        <TextInput path="pricing.spend_cap" label="Spend cap" empty="nullable" placeholder="none" />
      </Grid>
    </SectionCard>
  );
}
