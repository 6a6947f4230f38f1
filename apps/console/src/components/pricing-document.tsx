import { Card, Code, DataList, Flex, Heading, Text } from "@radix-ui/themes";
import { planPricingSchema, type PlanPricing, type PricingAllowance, type PricingRule } from "@tollgate/domain";
import type { ReactNode } from "react";
import { formatMoney, formatTokens, formatUnitPrice } from "../lib/format.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { modelsText, PricingTierMeters } from "./pricing-tier-meters.tsx";

function times(multiplier: string | undefined): string {
  return multiplier === undefined ? "" : `, else base × ${multiplier}`;
}

function ruleText(rule: PricingRule, currency: string): string {
  if (rule.kind === "long_context") {
    return `Prompts over ${formatTokens(rule.prompt_tokens_above.toString())} tokens use the long-context rates${times(rule.multiplier)} · ${modelsText(rule.models)}`;
  }
  if (rule.kind === "service_tier") {
    return `Service tier “${rule.service_tier}” uses its tier rates${times(rule.multiplier)}`;
  }
  return `${formatUnitPrice(rule.amount, currency)} per request · ${modelsText(rule.models)}`;
}

const RULE_LABELS = { long_context: "Long context", service_tier: "Service tier", request_fee: "Request fee" } as const;

function allowanceText(allowance: PricingAllowance, currency: string): string {
  if (allowance.kind === "money") return `${formatMoney(allowance.amount, currency)} of usage free per period`;
  const types = allowance.token_types?.map((type) => TOKEN_LABELS[type]).join(", ") ?? "all token types";
  return `${formatTokens(allowance.tokens)} tokens free per period · ${types} · ${modelsText(allowance.models)}`;
}

function defaultText(pricing: PlanPricing, currency: string): string {
  const unlisted = pricing.unlisted_models;
  if (unlisted.kind === "unpriced") return "Unpriced (their usage is stored unrated)";
  if (unlisted.kind === "cost_markup") return `Provider cost + ${unlisted.markup_percent} %`;
  const rates = Object.entries(unlisted.rates).map(
    ([type, price]) => `${TOKEN_LABELS[type as keyof typeof TOKEN_LABELS]} ${formatUnitPrice(price, currency)}`,
  );
  return `Fixed rates per 1M: ${rates.join(", ")}`;
}

function Section({ title, empty, children }: { title: string; empty: boolean; children: ReactNode }): ReactNode {
  return (
    <Flex direction="column" gap="2">
      <Heading as="h3" size="2">
        {title}
      </Heading>
      {empty ? (
        <Text size="2" color="gray">
          None
        </Text>
      ) : (
        children
      )}
    </Flex>
  );
}

/** A version's pricing document in words: rules, tiers, allowances, commitment, cap, markups and the default. */
export function PricingDocument({ pricing, currency }: { pricing: unknown; currency: string }): ReactNode {
  const parsed = planPricingSchema.safeParse(pricing);
  if (!parsed.success) {
    // A document stored before today's rules: shown as stored rather than hidden.
    return (
      <Card>
        <Text size="2" color="red">
          This pricing document no longer parses; as stored:
        </Text>
        <Code className="pre-wrap">{JSON.stringify(pricing, null, 2)}</Code>
      </Card>
    );
  }
  const doc = parsed.data;
  return (
    <Card data-testid="pricing-document">
      <Flex direction="column" gap="4">
        <DataList.Root orientation={{ initial: "vertical", sm: "horizontal" }}>
          <DataList.Item>
            <DataList.Label>Minimum commitment</DataList.Label>
            <DataList.Value>
              {doc.minimum_commitment === null ? "None" : `${formatMoney(doc.minimum_commitment, currency)} per period`}
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Spend cap</DataList.Label>
            <DataList.Value>
              {doc.spend_cap === null ? "None" : `${formatMoney(doc.spend_cap, currency)} per period`}
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Models without rates</DataList.Label>
            <DataList.Value>{defaultText(doc, currency)}</DataList.Value>
          </DataList.Item>
        </DataList.Root>
        <Section title="Rules (in order)" empty={doc.rules.length === 0}>
          <ol className="numbered-list">
            {doc.rules.map((rule, index) => (
              <li key={index} data-testid="pricing-rule">
                <Text size="2">
                  <strong>{RULE_LABELS[rule.kind]}</strong> · {ruleText(rule, currency)}
                </Text>
              </li>
            ))}
          </ol>
        </Section>
        <Section title="Tiers" empty={doc.tiers.length === 0}>
          <PricingTierMeters tiers={doc.tiers} currency={currency} />
        </Section>
        <Section title="Allowances" empty={doc.allowances.length === 0}>
          <ul className="plain-list">
            {doc.allowances.map((allowance) => (
              <li key={allowance.id}>
                <Text size="2">
                  <Code variant="ghost">{allowance.id}</Code> · {allowanceText(allowance, currency)}
                </Text>
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Markups over provider cost" empty={doc.model_markups.length === 0}>
          <ul className="plain-list">
            {doc.model_markups.map((markup, index) => (
              <li key={index}>
                <Text size="2">
                  +{markup.markup_percent} % · {modelsText(markup.models)}
                </Text>
              </li>
            ))}
          </ul>
        </Section>
      </Flex>
    </Card>
  );
}
