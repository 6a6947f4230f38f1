import { AlertDialog, Button, Callout, Flex, TextField } from "@radix-ui/themes";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { FormField } from "./form-field.tsx";

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
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (next) {
          setReason("");
          setMissing(false);
        }
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
        <Flex direction="column" gap="3" mt="3">
          <FormField
            label={reasonRequired ? "Reason" : "Reason (optional)"}
            hint="Recorded in the audit log."
            error={missing ? { message: "required: say why" } : undefined}
          >
            {(control) => (
              <TextField.Root
                {...control}
                value={reason}
                onChange={(event) => {
                  setReason(event.target.value);
                }}
                autoComplete="off"
                data-testid={`${testId}-reason`}
              />
            )}
          </FormField>
          {error !== null && error !== undefined && (
            <Callout.Root color="red" highContrast role="alert" size="1">
              <Callout.Text>{errorMessage(error)}</Callout.Text>
            </Callout.Root>
          )}
          <Flex gap="3" justify="end" wrap="wrap">
            <AlertDialog.Cancel>
              <Button variant="soft" color="gray">
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <Button
              color="red"
              disabled={pending}
              onClick={() => {
                const trimmed = reason.trim();
                if (reasonRequired && trimmed === "") {
                  setMissing(true);
                  return;
                }
                onConfirm(trimmed === "" ? undefined : trimmed);
              }}
              data-testid={`${testId}-confirm`}
            >
              {pending ? "Working…" : action}
            </Button>
          </Flex>
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}
