import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Select, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { nonNegativeDecimalText } from "@tollgate/domain";
import type { ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { AmountCurrencyFields } from "./amount-currency-fields.tsx";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

const schema = z.object({
  kind: z.enum(["paid", "promotional"]),
  amount: nonNegativeDecimalText.refine((value) => !/^0*(\.0*)?$/.test(value), "must be more than 0"),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter code, e.g. USD"),
  expires_at: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date")]),
  reason: z.string().trim().min(1, "required: say why (recorded in the audit log)").max(2000),
});
type GrantForm = z.input<typeof schema>;
const FIELDS = ["kind", "amount", "currency", "expires_at", "reason"] as const;

/** Grants credit (paid or promotional) with its REQUIRED reason; the api's refusals show at their field. */
export function GrantCreditDialog({ tenantId, currency }: { tenantId: string; currency: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const defaults: GrantForm = { kind: "promotional", amount: "", currency, expires_at: "", reason: "" };
  const form = useForm<GrantForm>({ resolver: zodResolver(schema), defaultValues: defaults });
  const dialog = useDialogForm(form, { fields: FIELDS, defaults: () => defaults });
  const { errors } = form.formState;
  const grant = useMutation(
    trpc.creditGrants.create.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.creditGrants.pathFilter());
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    grant.mutate({
      tenantId,
      kind: values.kind,
      amount: values.amount,
      currency: values.currency,
      expires_at: values.expires_at === "" ? undefined : `${values.expires_at}T00:00:00Z`,
      reason: values.reason,
    });
  });

  return (
    <FormDialog
      {...dialog.dialogProps(grant)}
      trigger={
        <Button size="2" variant="soft" data-testid="grant-open">
          Grant credit
        </Button>
      }
      title="Grant credit"
      description={
        <>Credit pays the tenant&apos;s charges before invoices do, highest priority and soonest expiry first.</>
      }
      contentTestId="grant-dialog"
      onSubmit={submit}
      submitLabel="Grant"
      pendingLabel="Granting…"
      submitTestId="grant-submit"
    >
      <Controller
        control={form.control}
        name="kind"
        render={({ field }) => (
          <FormField label="Kind" error={errors.kind}>
            {(control) => (
              <Select.Root value={field.value} onValueChange={field.onChange}>
                <Select.Trigger {...control} data-testid="grant-kind" />
                <Select.Content>
                  <Select.Item value="promotional">Promotional</Select.Item>
                  <Select.Item value="paid">Paid</Select.Item>
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        )}
      />
      <AmountCurrencyFields
        amountLabel="Amount"
        placeholder="100.00"
        amount={form.register("amount")}
        currency={form.register("currency")}
        errors={errors}
        testId="grant"
      />
      <FormField label="Expires (UTC midnight)" hint="Empty: never." error={errors.expires_at}>
        {(control) => (
          <TextField.Root {...control} {...form.register("expires_at")} type="date" data-testid="grant-expires" />
        )}
      </FormField>
      <FormField label="Reason" hint="Required: recorded with the grant and in the audit log." error={errors.reason}>
        {(control) => (
          <TextField.Root {...control} {...form.register("reason")} autoComplete="off" data-testid="grant-reason" />
        )}
      </FormField>
    </FormDialog>
  );
}
