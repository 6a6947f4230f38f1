import { zodResolver } from "@hookform/resolvers/zod";
import { AlertDialog, Button, Callout, Flex } from "@radix-ui/themes";
import { optionalReasonSchema, requiredReasonSchema } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { errorMessage } from "../lib/error-message.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { TextFormField } from "./form-field.tsx";

/** The operations' own reason schemas: required where the change must say why, else optional (blank: none). */
const requiredReasonForm = z.object({ reason: requiredReasonSchema });
const optionalReasonForm = z.object({ reason: optionalReasonSchema });
type ReasonForm = z.input<typeof optionalReasonForm>;

/**
 * A destructive operator change confirmed with its reason (recorded in the audit log): a trigger button opening an
 * AlertDialog that stays open while the change runs and shows the api's refusal.
 */
export function ReasonDialog({
  triggerLabel,
  title,
  description,
  action,
  reasonRequired,
  pending,
  error,
  onConfirm,
  open,
  onOpenChange,
  testId,
}: {
  triggerLabel: string;
  title: string;
  description: ReactNode;
  action: string;
  reasonRequired: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: (reason: string | undefined) => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  testId: string;
}): ReactNode {
  const form = useForm<ReasonForm>({
    resolver: zodResolver(reasonRequired ? requiredReasonForm : optionalReasonForm),
    defaultValues: { reason: "" },
  });
  // The api's 400 about the reason is shown at the field; any other refusal under it.
  const serverReason = serverFieldError(error, ["reason"] as const);
  const reasonError =
    form.formState.errors.reason ?? (serverReason ? { type: "server", message: serverReason.message } : undefined);
  const confirm = form.handleSubmit((values) => {
    const trimmed = values.reason?.trim() ?? "";
    onConfirm(trimmed === "" ? undefined : trimmed);
  });
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (next) form.reset({ reason: "" });
        onOpenChange(next);
      }}
    >
      <AlertDialog.Trigger>
        <Button size="1" variant="soft" color="red" data-testid={`${testId}-open`}>
          {triggerLabel}
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Content maxWidth="450px" data-testid={`${testId}-dialog`}>
        <AlertDialog.Title>{title}</AlertDialog.Title>
        <AlertDialog.Description size="2">{description}</AlertDialog.Description>
        <form onSubmit={(event) => void confirm(event)} noValidate>
          <Flex direction="column" gap="3" mt="3">
            <TextFormField
              label={reasonRequired ? "Reason" : "Reason (optional)"}
              hint="Recorded in the audit log."
              error={reasonError}
              registration={form.register("reason")}
              autoComplete="off"
              testId={`${testId}-reason`}
            />
            {error !== null && error !== undefined && serverReason === null && (
              <Callout.Root color="red" highContrast role="alert" size="1">
                <Callout.Text>{errorMessage(error)}</Callout.Text>
              </Callout.Root>
            )}
            <Flex gap="3" justify="end" wrap="wrap">
              <AlertDialog.Cancel>
                <Button type="button" variant="soft" color="gray">
                  Cancel
                </Button>
              </AlertDialog.Cancel>
              <Button type="submit" color="red" disabled={pending} data-testid={`${testId}-confirm`}>
                {pending ? "Working…" : action}
              </Button>
            </Flex>
          </Flex>
        </form>
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}
