import { Button, Callout, Flex, Text, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { formatPeriodStart, formatUtc } from "../lib/dates.ts";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { FormField } from "./form-field.tsx";

interface AnchorBilling {
  prepaid: boolean;
  billing_anchor_day: number;
  pending_billing_anchor: { day: number; from: string } | null;
  /** Why a change would be refused now (409) and from when it is possible; null: it may change now. */
  billing_anchor_change_blocked: { reason: string; possible_from: string } | null;
  current_period: { start: string; end: string };
}

/** "Periods start on day 1; changes to day 15 from Dec 1, 2026" (both consoles show the pending change). */
export function anchorSummary(billing: Pick<AnchorBilling, "billing_anchor_day" | "pending_billing_anchor">): string {
  const now = `Periods start on day ${billing.billing_anchor_day.toString()} of the month, 00:00 UTC`;
  const pending = billing.pending_billing_anchor;
  return pending === null
    ? now
    : `${now}; changes to day ${pending.day.toString()} from ${formatPeriodStart(pending.from)}`;
}

/**
 * The operator's billing anchor day: a new day takes effect at the end of the current period (the api decides;
 * a tenant never billed takes it at once), and a pending change can be cancelled (tenantBilling.set with the day
 * in effect). Both confirmed first: they move the tenant's invoice dates.
 */
export function BillingAnchorSetting({ tenantId, billing }: { tenantId: string; billing: AnchorBilling }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [day, setDay] = useState("");
  const [dialog, setDialog] = useState<"change" | "cancel" | null>(null);
  const save = useMutation(
    trpc.tenantBilling.set.mutationOptions({
      onSuccess: async () => {
        setDialog(null);
        setDay("");
        await queryClient.invalidateQueries(trpc.tenantBilling.pathFilter());
      },
    }),
  );
  const parsed = Number(day);
  const valid = /^\d{1,2}$/.test(day.trim()) && parsed >= 1 && parsed <= 31;
  const pending = billing.pending_billing_anchor;
  const submit = (anchor: number) => {
    save.mutate({ tenantId, prepaid: billing.prepaid, billing_anchor_day: anchor });
  };
  const open = (which: "change" | "cancel") => (next: boolean) => {
    save.reset();
    setDialog(next ? which : null);
  };

  const blocked = billing.billing_anchor_change_blocked;
  return (
    <Flex direction="column" gap="2" data-testid="billing-anchor">
      <Text size="2" weight="medium">
        Billing anchor day
      </Text>
      <Text size="2" data-testid="billing-anchor-summary">
        {anchorSummary(billing)}
      </Text>
      {blocked !== null ? (
        // The api would refuse a change (409) until then: say why and when instead of offering a failing button.
        <Callout.Root color="gray" highContrast size="1" data-testid="billing-anchor-blocked">
          <Callout.Text>
            No further change until {formatUtc(blocked.possible_from)}:{" "}
            {blocked.reason.replace(/^billing_anchor_day: /, "")}.
          </Callout.Text>
        </Callout.Root>
      ) : (
        <Flex gap="3" align="end" wrap="wrap">
          <FormField
            label="New anchor day (1–31)"
            hint={`From the end of the current period, ${formatPeriodStart(billing.current_period.end)}; the first period after it may be short.`}
          >
            {(control) => (
              <TextField.Root
                {...control}
                value={day}
                onChange={(event) => {
                  setDay(event.target.value);
                }}
                inputMode="numeric"
                autoComplete="off"
                data-testid="billing-anchor-day"
              />
            )}
          </FormField>
          <ConfirmDialog
            trigger={
              <Button variant="soft" disabled={!valid} data-testid="billing-anchor-change">
                Change anchor day
              </Button>
            }
            title={`Bill from day ${valid ? parsed.toString() : "…"}?`}
            description={`The current period keeps its dates; periods start on day ${valid ? parsed.toString() : "…"} from ${formatPeriodStart(billing.current_period.end)} (the first one may be short, its minimum prorated). A tenant never billed changes at once.`}
            action="Change anchor day"
            color="accent"
            pending={save.isPending}
            error={save.isError ? errorMessage(save.error) : null}
            onConfirm={() => {
              submit(parsed);
            }}
            open={dialog === "change"}
            onOpenChange={open("change")}
            testId="billing-anchor-change"
          />
          {pending !== null && (
            <ConfirmDialog
              trigger={
                <Button variant="soft" color="red" data-testid="billing-anchor-cancel">
                  Cancel change
                </Button>
              }
              title="Cancel the anchor change?"
              description={`Periods keep starting on day ${billing.billing_anchor_day.toString()}; the change to day ${pending.day.toString()} from ${formatPeriodStart(pending.from)} is dropped.`}
              action="Cancel change"
              pending={save.isPending}
              error={save.isError ? errorMessage(save.error) : null}
              onConfirm={() => {
                submit(billing.billing_anchor_day);
              }}
              open={dialog === "cancel"}
              onOpenChange={open("cancel")}
              testId="billing-anchor-cancel"
            />
          )}
        </Flex>
      )}
    </Flex>
  );
}
