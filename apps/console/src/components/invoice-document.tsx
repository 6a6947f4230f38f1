import { Box, Card, DataList, Flex, Heading, Table, Text } from "@radix-ui/themes";
import { formatUnitPrice, INVOICE_LINE_SECTIONS, money } from "@tollgate/domain";
import { Fragment, type ReactNode } from "react";
import { formatPeriod } from "../lib/dates.ts";
import { formatMoney, formatTokens } from "../lib/format.ts";
import { type InvoiceLine, type InvoiceView, type IssuedBy } from "../lib/invoice-status.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { DateTime } from "./date-time.tsx";
import { TableFrame } from "./table-frame.tsx";
import { InvoiceStatusBadge } from "./invoice-status-badge.tsx";

type Section = (typeof INVOICE_LINE_SECTIONS)[number];

const SECTION_TITLES: Record<Section, string> = {
  usage: "Usage",
  fees: "Request fees",
  discounts: "Discounts",
  commitment: "Minimum commitment",
  adjustments: "Adjustments",
  late_usage: "Late usage from earlier periods",
  credits: "Credits applied",
};

/**
 * An invoice as the PDF shows it: its facts, then its lines by section (usage lines by model × token type with the
 * tiers, allowances and overrides behind them), then the totals. The lines and the tax add up to the total: the
 * server rounds them together.
 */
export function InvoiceDocument({ invoice, issuedBy }: { invoice: InvoiceView; issuedBy: IssuedBy }): ReactNode {
  const currency = invoice.currency;
  const sections = INVOICE_LINE_SECTIONS.map((section) => ({
    section,
    lines: invoice.lines.filter((line) => line.section === section),
  })).filter((group) => group.lines.length > 0);

  return (
    <Flex direction="column" gap="4">
      <Card>
        <DataList.Root orientation={{ initial: "vertical", sm: "horizontal" }}>
          <DataList.Item>
            <DataList.Label>Status</DataList.Label>
            <DataList.Value>
              <InvoiceStatusBadge invoice={invoice} testId="invoice-status" />
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Period (UTC)</DataList.Label>
            <DataList.Value>{formatPeriod(invoice.period_start, invoice.period_end)}</DataList.Value>
          </DataList.Item>
          {invoice.issued_at && (
            <DataList.Item>
              <DataList.Label>Issued</DataList.Label>
              <DataList.Value>
                <DateTime iso={invoice.issued_at} billingDay />
              </DataList.Value>
            </DataList.Item>
          )}
          {invoice.due_at && (
            <DataList.Item>
              <DataList.Label>Due</DataList.Label>
              <DataList.Value>
                <DateTime iso={invoice.due_at} dateOnly billingDay />
              </DataList.Value>
            </DataList.Item>
          )}
          {invoice.paid_at && (
            <DataList.Item>
              <DataList.Label>Paid</DataList.Label>
              <DataList.Value>
                <DateTime iso={invoice.paid_at} />
                {invoice.payment_reference ? ` · ${invoice.payment_reference}` : ""}
              </DataList.Value>
            </DataList.Item>
          )}
          {invoice.voided_at && (
            <DataList.Item>
              <DataList.Label>Voided</DataList.Label>
              <DataList.Value>
                <DateTime iso={invoice.voided_at} /> · {invoice.void_reason}
              </DataList.Value>
            </DataList.Item>
          )}
          <DataList.Item>
            <DataList.Label>Issued by</DataList.Label>
            <DataList.Value>
              {/* The issuer's name and address as on the PDF; its code is only the number's prefix. */}
              <Flex direction="column" data-testid="invoice-issuer">
                <Text>{issuedBy.name}</Text>
                {issuedBy.address_lines.map((line, index) => (
                  <Text key={index} color="gray">
                    {line}
                  </Text>
                ))}
              </Flex>
            </DataList.Value>
          </DataList.Item>
        </DataList.Root>
      </Card>

      <Box display={{ initial: "block", sm: "none" }}>
        <InvoiceLinesList sections={sections} currency={currency} />
      </Box>
      <Box display={{ initial: "none", sm: "block" }}>
        <TableFrame label="Invoice lines">
          <Table.Root variant="surface" aria-label="Invoice lines" data-testid="invoice-lines">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Description</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell justify="end">Quantity</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell justify="end">Unit price / 1M</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell justify="end">Amount</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {sections.length === 0 && (
                <Table.Row>
                  <Table.Cell colSpan={4}>
                    <Text color="gray">Nothing billed in this period yet.</Text>
                  </Table.Cell>
                </Table.Row>
              )}
              {sections.map(({ section, lines }) => (
                <Fragment key={section}>
                  <Table.Row className="section-row">
                    <Table.RowHeaderCell colSpan={4}>
                      <Text weight="bold" size="2">
                        {SECTION_TITLES[section]}
                      </Text>
                    </Table.RowHeaderCell>
                  </Table.Row>
                  {lines.map((line) => (
                    <LineRow key={line.position} line={line} currency={currency} />
                  ))}
                </Fragment>
              ))}
            </Table.Body>
          </Table.Root>
        </TableFrame>
      </Box>

      <Card className="invoice-totals">
        <Flex direction="column" gap="2">
          <TotalRow label="Subtotal" value={formatMoney(invoice.subtotal, currency)} />
          {!money(invoice.credits_applied).isZero() && (
            <TotalRow label="Credits applied" value={formatMoney(invoice.credits_applied, currency)} />
          )}
          <TotalRow label={`Tax (${formatRate(invoice.tax_rate)})`} value={formatMoney(invoice.tax, currency)} />
          <TotalRow label="Total" value={formatMoney(invoice.total, currency)} strong testId="invoice-total" />
          {invoice.credit_notes.map((note) => (
            <TotalRow
              key={note.id}
              label={`Credit note ${note.number} (${note.reason})`}
              value={`−${formatMoney(note.amount, currency)}`}
            />
          ))}
          {invoice.status !== "draft" && (
            <TotalRow label="Amount due" value={formatMoney(invoice.amount_due, currency)} strong />
          )}
        </Flex>
      </Card>
    </Flex>
  );
}

/** Phones: each line stacked (what, then quantity × price = amount), no sideways scrolling. */
function InvoiceLinesList({
  sections,
  currency,
}: {
  sections: { section: Section; lines: InvoiceLine[] }[];
  currency: string;
}): ReactNode {
  if (sections.length === 0) return <Text color="gray">Nothing billed in this period yet.</Text>;
  return (
    <Flex direction="column" gap="4" data-testid="invoice-lines">
      {sections.map(({ section, lines }) => (
        <Card key={section}>
          <Heading as="h3" size="2">
            {SECTION_TITLES[section]}
          </Heading>
          {lines.map((line) => (
            <Flex key={line.position} direction="column" gap="1" className="invoice-line-item">
              <LineTitle line={line} />
              <Flex justify="between" gap="3">
                <Text size="1" color="gray">
                  {line.quantity !== null && formatTokens(line.quantity)}
                  {line.unit_price_per_million !== null &&
                    ` × ${formatUnitPrice(line.unit_price_per_million, currency)} / 1M`}
                </Text>
                <Text size="2" weight="medium" className="num">
                  {formatMoney(line.amount, currency)}
                </Text>
              </Flex>
            </Flex>
          ))}
        </Card>
      ))}
    </Flex>
  );
}

/** What a line is: the model and token type (or the line's text), late-usage origin, and its breakdown rows. */
function LineTitle({ line }: { line: InvoiceLine }): ReactNode {
  return (
    <>
      <Text size="2">
        {line.model_id ? <code>{line.model_id}</code> : line.description}
        {line.model_id && line.token_type && <Text color="gray"> · {TOKEN_LABELS[line.token_type]}</Text>}
      </Text>
      {line.origin_period_start && (
        <Text size="1" color="amber" highContrast>
          Usage from the period starting {line.origin_period_start.slice(0, 10)}
        </Text>
      )}
      {line.details.map((detail) => (
        <Text key={detail} size="1" color="gray" className="line-detail">
          {detail}
        </Text>
      ))}
    </>
  );
}

function LineRow({ line, currency }: { line: InvoiceLine; currency: string }): ReactNode {
  return (
    <Table.Row>
      <Table.Cell>
        <Flex direction="column" gap="1">
          <LineTitle line={line} />
        </Flex>
      </Table.Cell>
      <Table.Cell justify="end">{line.quantity === null ? "" : formatTokens(line.quantity)}</Table.Cell>
      <Table.Cell justify="end" title={line.unit_price_per_million ?? undefined}>
        {line.unit_price_per_million === null ? "" : formatUnitPrice(line.unit_price_per_million, currency)}
      </Table.Cell>
      <Table.Cell justify="end" title={`exact: ${line.exact_amount}`}>
        {formatMoney(line.amount, currency)}
      </Table.Cell>
    </Table.Row>
  );
}

function TotalRow({
  label,
  value,
  strong = false,
  testId,
}: {
  label: string;
  value: string;
  strong?: boolean;
  testId?: string;
}): ReactNode {
  return (
    <Flex justify="between" gap="4">
      <Text size="2" color={strong ? undefined : "gray"} weight={strong ? "bold" : "regular"}>
        {label}
      </Text>
      <Text size="2" weight={strong ? "bold" : "regular"} className="num" data-testid={testId}>
        {value}
      </Text>
    </Flex>
  );
}

/** "20 %" from the fraction "0.2", exactly (decimal arithmetic, no float). */
function formatRate(fraction: string): string {
  return `${money(fraction).times(100).toFixed()} %`;
}
