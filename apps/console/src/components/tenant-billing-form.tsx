import { Button, Callout, Flex, Switch, Text, TextField } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";
import { BillingAnchorSetting } from "./billing-anchor-setting.tsx";
import { FormField } from "./form-field.tsx";
import { SectionCard } from "./section-card.tsx";

interface BillingValues {
  prepaid: boolean;
  budgetsAllowed: boolean;
  maxAmount: string;
  hardAllowed: boolean;
}

function SwitchRow({
  label,
  checked,
  onChange,
  testId,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
}): ReactNode {
  return (
    <Text as="label" size="2">
      <Flex gap="2" align="center">
        <Switch checked={checked} onCheckedChange={onChange} data-testid={testId} />
        {label}
      </Flex>
    </Text>
  );
}

/** Prepaid or invoiced, and the budgets the tenant's admins may set themselves (tenantBilling.set). */
export function TenantBillingForm({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const billing = useQuery(trpc.tenantBilling.get.queryOptions({ tenant_id: tenantId }));
  const allowance = useQuery(trpc.tenantBudgets.list.queryOptions({ tenantId }));
  const [values, setValues] = useState<BillingValues | null>(null);
  useEffect(() => {
    if (billing.data && allowance.data) {
      setValues({
        prepaid: billing.data.prepaid,
        budgetsAllowed: allowance.data.allowance.allowed,
        maxAmount: allowance.data.allowance.max_amount ?? "",
        hardAllowed: allowance.data.allowance.hard_limits_allowed,
      });
    }
  }, [billing.data, allowance.data]);
  const save = useMutation(
    trpc.tenantBilling.set.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.tenantBilling.pathFilter());
        await queryClient.invalidateQueries(trpc.tenantBudgets.pathFilter());
      },
    }),
  );
  const maxError = save.isError ? serverFieldError(save.error, ["tenant_budget_max_amount"] as const) : null;

  const body = (() => {
    if (billing.isPending || allowance.isPending || values === null)
      return <Loading label="Loading billing settings…" />;
    if (billing.isError) return <ErrorState error={billing.error} onRetry={() => void billing.refetch()} />;
    if (allowance.isError) {
      return <ErrorState error={allowance.error} onRetry={() => void allowance.refetch()} />;
    }
    const set = (patch: Partial<BillingValues>) => {
      setValues({ ...values, ...patch });
    };
    return (
      <Flex direction="column" gap="4">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({
              tenantId,
              prepaid: values.prepaid,
              tenant_budgets_allowed: values.budgetsAllowed,
              tenant_budget_max_amount: values.maxAmount.trim() === "" ? null : values.maxAmount.trim(),
              tenant_hard_budgets_allowed: values.hardAllowed,
            });
          }}
          noValidate
        >
          <Flex direction="column" gap="3">
            <SwitchRow
              label="Prepaid: usage must be covered by credit"
              checked={values.prepaid}
              onChange={(prepaid) => {
                set({ prepaid });
              }}
              testId="billing-prepaid"
            />
            <SwitchRow
              label="The tenant's admins may set their own budgets"
              checked={values.budgetsAllowed}
              onChange={(budgetsAllowed) => {
                set({ budgetsAllowed });
              }}
              testId="billing-budgets-allowed"
            />
            <SwitchRow
              label="…and make them hard limits"
              checked={values.hardAllowed}
              onChange={(hardAllowed) => {
                set({ hardAllowed });
              }}
              testId="billing-hard-allowed"
            />
            <FormField
              label={`Largest budget they may set (${billing.data.currency})`}
              hint="Empty: no maximum."
              error={maxError ? { message: maxError.message } : undefined}
            >
              {(control) => (
                <TextField.Root
                  {...control}
                  value={values.maxAmount}
                  onChange={(event) => {
                    set({ maxAmount: event.target.value });
                  }}
                  inputMode="decimal"
                  autoComplete="off"
                  data-testid="billing-max-amount"
                />
              )}
            </FormField>
            {save.isError && maxError === null && (
              <Callout.Root color="red" highContrast role="alert" size="1">
                <Callout.Text>{errorMessage(save.error)}</Callout.Text>
              </Callout.Root>
            )}
            {save.isSuccess && (
              <Text size="2" color="green" role="status" data-testid="billing-saved">
                Saved.
              </Text>
            )}
            {/* Left, like every in-page form's button (the anchor day's below it, the settings page's). */}
            <Flex>
              <Button type="submit" disabled={save.isPending} data-testid="billing-save">
                {save.isPending ? "Saving…" : "Save billing settings"}
              </Button>
            </Flex>
          </Flex>
        </form>
        <BillingAnchorSetting tenantId={tenantId} billing={billing.data} />
      </Flex>
    );
  })();

  return (
    <SectionCard title="Billing settings" testId="tenant-billing">
      {body}
    </SectionCard>
  );
}
