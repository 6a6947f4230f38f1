import { Button, Callout, Dialog, Flex } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";

/**
 * The end of a form in a dialog: the server's refusal when no field shows it (`error` null otherwise), then Cancel
 * and the submit button, disabled while the request runs.
 */
export interface DialogFormFooterProps {
  error: unknown;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  submitTestId: string;
}

export function DialogFormFooter(props: DialogFormFooterProps): ReactNode {
  return (
    <>
      {props.error !== null && (
        <Callout.Root color="red" highContrast role="alert" size="1">
          <Callout.Text>{errorMessage(props.error)}</Callout.Text>
        </Callout.Root>
      )}
      <Flex gap="3" justify="end">
        <Dialog.Close>
          <Button type="button" variant="soft" color="gray">
            Cancel
          </Button>
        </Dialog.Close>
        <Button type="submit" disabled={props.pending} data-testid={props.submitTestId}>
          {props.pending ? props.pendingLabel : props.submitLabel}
        </Button>
      </Flex>
    </>
  );
}
