import { Button, Flex } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { formatMoney } from "../lib/format.ts";
import type { InvoiceView } from "../lib/invoice-status.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { InvoiceChangeDialog } from "./invoice-change-dialog.tsx";

/**
 * An operator's actions on an issued invoice, by status: an open one is marked paid, voided or credited; a paid one
 * credited; a void one regenerated (its period billed again under a new number).
 */
export function InvoiceAdminActions({ invoice }: { invoice: InvoiceView }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<"pay" | "regenerate" | null>(null);
  const refresh = async () => {
    setConfirm(null);
    await queryClient.invalidateQueries(trpc.invoiceAdmin.pathFilter());
    await queryClient.invalidateQueries(trpc.invoices.pathFilter());
  };
  const pay = useMutation(trpc.invoiceAdmin.markPaid.mutationOptions({ onSuccess: refresh }));
  const regenerate = useMutation(trpc.invoiceAdmin.regenerate.mutationOptions({ onSuccess: refresh }));
  const invoiceId = invoice.id;
  if (invoiceId === null) return null;
  const number = invoice.number ?? "";
  const openDialog = (which: "pay" | "regenerate" | null) => {
    setConfirm(which);
    pay.reset();
    regenerate.reset();
  };
  return (
    <Flex gap="2" wrap="wrap" justify="end">
      {invoice.status === "finalized" && (
        <ConfirmDialog
          open={confirm === "pay"}
          onOpenChange={(open) => {
            openDialog(open ? "pay" : null);
          }}
          trigger={
            <Button size="1" variant="soft" aria-label={`Mark ${number} paid`} data-testid="mark-paid">
              Mark paid
            </Button>
          }
          title={`Mark ${number} paid?`}
          description={`Records payment of ${formatMoney(invoice.amount_due, invoice.currency)} today. A paid invoice is corrected with a credit note.`}
          action="Mark paid"
          color="accent"
          pending={pay.isPending}
          error={pay.isError ? errorMessage(pay.error) : null}
          onConfirm={() => {
            pay.mutate({ invoiceId });
          }}
          testId="mark-paid"
        />
      )}
      {invoice.status === "finalized" && <InvoiceChangeDialog kind="void" invoice={invoice} onDone={refresh} />}
      {(invoice.status === "finalized" || invoice.status === "paid") && (
        <InvoiceChangeDialog kind="credit" invoice={invoice} onDone={refresh} />
      )}
      {invoice.status === "void" && invoice.replaces_invoice_id === null && (
        <ConfirmDialog
          open={confirm === "regenerate"}
          onOpenChange={(open) => {
            openDialog(open ? "regenerate" : null);
          }}
          trigger={
            <Button size="1" variant="soft" aria-label={`Regenerate ${number}`} data-testid="regenerate-invoice">
              Regenerate
            </Button>
          }
          title={`Bill the period of ${number} again?`}
          description="A new invoice, with a new number, is built from the period's usage with the tenant's current tax rate and terms."
          action="Regenerate"
          color="accent"
          pending={regenerate.isPending}
          error={regenerate.isError ? errorMessage(regenerate.error) : null}
          onConfirm={() => {
            regenerate.mutate({ invoiceId });
          }}
          testId="regenerate-invoice"
        />
      )}
    </Flex>
  );
}
