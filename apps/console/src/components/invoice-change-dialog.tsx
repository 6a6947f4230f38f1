import { zodResolver } from "@hookform/resolvers/zod";
import { Button, TextArea, TextField } from "@radix-ui/themes";
import { useMutation } from "@tanstack/react-query";
import { nonNegativeDecimalText } from "@tollgate/domain";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { formatMoney } from "../lib/format.ts";
import type { InvoiceView } from "../lib/invoice-status.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

const reason = z
  .string()
  .trim()
  .min(1, "required: say why (recorded in the audit log)")
  .max(2000, "at most 2000 characters");
const voidSchema = z.object({ amount: z.string(), reason });
const creditSchema = z.object({
  amount: z.union([z.literal(""), nonNegativeDecimalText]),
  reason,
});
type ChangeForm = z.infer<typeof voidSchema>;
const FIELDS = ["amount", "reason"] as const;

const TEXT = {
  void: { button: "Void", title: "Void invoice", submit: "Void invoice", pending: "Voiding…" },
  credit: { button: "Credit", title: "Credit note for", submit: "Issue credit note", pending: "Issuing…" },
} as const;

/**
 * Voiding an open invoice, or a credit note on an open or paid one: a reason (audited) and, for a credit, an amount
 * (empty: all that is not credited yet). The api's refusals show at their field ("amount: exceeds …").
 */
export function InvoiceChangeDialog({
  kind,
  invoice,
  onDone,
}: {
  kind: "void" | "credit";
  invoice: InvoiceView;
  onDone: () => Promise<void>;
}): ReactNode {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const form = useForm<ChangeForm>({
    resolver: zodResolver(kind === "void" ? voidSchema : creditSchema),
    defaultValues: { amount: "", reason: "" },
  });
  const onError = (error: unknown) => {
    const field = serverFieldError(error, FIELDS);
    if (field) form.setError(field.field, { message: field.message });
  };
  const finish = async () => {
    setOpen(false);
    form.reset();
    await onDone();
  };
  const voidIt = useMutation(trpc.invoiceAdmin.void.mutationOptions({ onSuccess: finish, onError }));
  const credit = useMutation(trpc.invoiceAdmin.createCreditNote.mutationOptions({ onSuccess: finish, onError }));
  const mutation = kind === "void" ? voidIt : credit;
  const invoiceId = invoice.id ?? "";
  const submit = form.handleSubmit((values) => {
    if (kind === "void") voidIt.mutate({ invoiceId, reason: values.reason });
    else credit.mutate({ invoiceId, reason: values.reason, amount: values.amount === "" ? undefined : values.amount });
  });
  const { errors } = form.formState;
  const text = TEXT[kind];
  const fieldError = mutation.isError ? serverFieldError(mutation.error, FIELDS) : null;
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          form.reset();
          mutation.reset();
        }
      }}
      trigger={
        <Button size="1" variant="soft" color={kind === "void" ? "red" : undefined} data-testid={`${kind}-invoice`}>
          {text.button}
        </Button>
      }
      title={
        <>
          {text.title} {invoice.number}
        </>
      }
      description={
        kind === "void"
          ? "The number stays used and the document stays readable, marked void. Regenerate bills the period again."
          : `Up to ${formatMoney(invoice.total, invoice.currency)} in all notes. On a paid invoice the amount becomes credit for future usage.`
      }
      contentTestId={`${kind}-invoice-dialog`}
      maxWidth="480px"
      onSubmit={submit}
      error={mutation.isError && fieldError === null ? mutation.error : null}
      pending={mutation.isPending}
      submitLabel={text.submit}
      pendingLabel={text.pending}
      submitTestId={`${kind}-invoice-submit`}
    >
      {kind === "credit" && (
        <FormField
          label={`Amount (${invoice.currency})`}
          hint="Empty: everything not credited yet."
          error={errors.amount}
        >
          {(control) => (
            <TextField.Root {...control} {...form.register("amount")} inputMode="decimal" data-testid="credit-amount" />
          )}
        </FormField>
      )}
      <FormField label="Reason" hint="Recorded in the audit log." error={errors.reason}>
        {(control) => <TextArea {...control} {...form.register("reason")} data-testid={`${kind}-reason`} />}
      </FormField>
    </FormDialog>
  );
}
