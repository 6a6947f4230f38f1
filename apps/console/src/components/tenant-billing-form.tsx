import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Flex, Switch, Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { tenantBillingFormSchema } from "@tollgate/domain";
import type { ReactNode } from "react";
import { Controller, useForm, type Control } from "react-hook-form";
import type { z } from "zod";
import { errorMessage } from "../lib/error-message.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";
import { BillingAnchorSetting } from "./billing-anchor-setting.tsx";
import { TextFormField } from "./form-field.tsx";
import { SectionCard } from "./section-card.tsx";

type BillingForm = z.input<typeof tenantBillingFormSchema>;
type BillingValues = z.output<typeof tenantBillingFormSchema>;
type SwitchName = "prepaid" | "tenant_budgets_allowed" | "tenant_hard_budgets_allowed";

function SwitchRow({
  label,
  name,
  control,
  testId,
}: {
  label: string;
  name: SwitchName;
  control: Control<BillingForm, unknown, BillingValues>;
  testId: string;
}): ReactNode {
  return (
    <Controller
      name={name}
      control={control}
      render={({ field }) => (
        <Text as="label" size="2">
          <Flex gap="2" align="center">
            <Switch
              ref={field.ref}
              name={field.name}
              checked={field.value}
              onCheckedChange={field.onChange}
              onBlur={field.onBlur}
              data-testid={testId}
            />
            {label}
          </Flex>
        </Text>
      )}
    />
  );
}

/** Prepaid or invoiced, and the budgets the tenant's admins may set themselves (tenantBilling.set). */
export function TenantBillingForm({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const billing = useQuery(trpc.tenantBilling.get.queryOptions({ tenant_id: tenantId }));
  const allowance = useQuery(trpc.tenantBudgets.list.queryOptions({ tenantId }));
  // tenantBilling.set's field schemas (@tollgate/domain), under the api's field names so its 400 lands at the field.
  const form = useForm<BillingForm, unknown, BillingValues>({
    resolver: zodResolver(tenantBillingFormSchema),
    values:
      billing.data && allowance.data
        ? {
            prepaid: billing.data.prepaid,
            tenant_budgets_allowed: allowance.data.allowance.allowed,
            tenant_budget_max_amount: allowance.data.allowance.max_amount ?? "",
            tenant_hard_budgets_allowed: allowance.data.allowance.hard_limits_allowed,
          }
        : undefined,
  });
  const { errors } = form.formState;
  const save = useMutation(
    trpc.tenantBilling.set.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.tenantBilling.pathFilter());
        await queryClient.invalidateQueries(trpc.tenantBudgets.pathFilter());
      },
      onError: (error) => {
        const field = serverFieldError(error, ["tenant_budget_max_amount"] as const);
        if (field) form.setError(field.field, { type: "server", message: field.message });
      },
    }),
  );
  const submit = form.handleSubmit((values) => {
    save.mutate({ tenantId, ...values });
  });

  const body = (() => {
    if (billing.isPending || allowance.isPending) {
      return <Loading label="Loading billing settings…" />;
    }
    if (billing.isError) return <ErrorState error={billing.error} onRetry={() => void billing.refetch()} />;
    if (allowance.isError) {
      return <ErrorState error={allowance.error} onRetry={() => void allowance.refetch()} />;
    }
    return (
      <Flex direction="column" gap="4">
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Flex direction="column" gap="3">
            <SwitchRow
              label="Prepaid: usage must be covered by credit"
              name="prepaid"
              control={form.control}
              testId="billing-prepaid"
            />
            <SwitchRow
              label="The tenant's admins may set their own budgets"
              name="tenant_budgets_allowed"
              control={form.control}
              testId="billing-budgets-allowed"
            />
            <SwitchRow
              label="…and make them hard limits"
              name="tenant_hard_budgets_allowed"
              control={form.control}
              testId="billing-hard-allowed"
            />
            <TextFormField
              label={`Largest budget they may set (${billing.data.currency})`}
              hint="Empty: no maximum."
              error={errors.tenant_budget_max_amount}
              registration={form.register("tenant_budget_max_amount")}
              autoComplete="off"
              testId="billing-max-amount"
            />
            {save.isError && !errors.tenant_budget_max_amount && (
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
