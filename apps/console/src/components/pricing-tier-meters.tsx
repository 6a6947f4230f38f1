import { Box, Code, Flex, Table, Text } from "@radix-ui/themes";
import type { PricingTierMeter } from "@tollgate/domain";
import type { ReactNode } from "react";
import { formatTokens, formatUnitPrice, formatMoney } from "../lib/format.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { TableFrame } from "./table-frame.tsx";

export function modelsText(models: readonly string[] | undefined): string {
  return models === undefined ? "every model" : models.join(", ");
}

const MODE_LABELS = { graduated: "Graduated", volume: "Volume", package: "Package" } as const;

/** Tier meters: which tokens each covers and its schedule (graduated / volume tiers, or packages). */
export function PricingTierMeters({ tiers, currency }: { tiers: PricingTierMeter[]; currency: string }): ReactNode {
  return (
    <Flex direction="column" gap="3">
      {tiers.map((meter) => {
        const schedule = meter.schedule;
        return (
          <Box key={meter.id} data-testid="tier-meter">
            <Text as="p" size="2">
              <Code variant="ghost">{meter.id}</Code> · {MODE_LABELS[schedule.mode]} ·{" "}
              {meter.token_types.map((type) => TOKEN_LABELS[type]).join(", ")} · {modelsText(meter.models)}
            </Text>
            {schedule.mode === "package" ? (
              <Text as="p" size="2" color="gray">
                {formatMoney(schedule.package_price, currency)} per package of {formatTokens(schedule.package_size)}{" "}
                tokens (a started package counts whole)
              </Text>
            ) : (
              <TableFrame label={`Tiers of ${meter.id}`}>
                <Table.Root size="1" variant="surface" aria-label={`Tiers of ${meter.id}`}>
                  <Table.Header>
                    <Table.Row>
                      <Table.ColumnHeaderCell>Up to (tokens)</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell justify="end">Per 1M</Table.ColumnHeaderCell>
                      <Table.ColumnHeaderCell justify="end">Flat fee</Table.ColumnHeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {schedule.tiers.map((tier, index) => (
                      <Table.Row key={index}>
                        <Table.Cell>{tier.up_to === null ? "and above" : formatTokens(tier.up_to)}</Table.Cell>
                        <Table.Cell justify="end">{formatUnitPrice(tier.price_per_million, currency)}</Table.Cell>
                        <Table.Cell justify="end">
                          {tier.flat_fee === undefined ? "—" : formatMoney(tier.flat_fee, currency)}
                        </Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table.Root>
              </TableFrame>
            )}
          </Box>
        );
      })}
    </Flex>
  );
}
