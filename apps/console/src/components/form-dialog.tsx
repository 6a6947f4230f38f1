import { Dialog, Flex } from "@radix-ui/themes";
import type { ReactNode, SyntheticEvent } from "react";
import { DialogFormFooter } from "./dialog-form-footer.tsx";

/**
 * The one shell of a form in a dialog: trigger, title and description (Radix wires them to the dialog for screen
 * readers), a form the browser does not validate (zod does, so errors show at their field), the fields in a column,
 * then the footer. The caller owns `open` so it can reset its form and mutation when the dialog opens or closes and
 * close it when the mutation succeeds; callers without a trigger open it from elsewhere.
 */
export function FormDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  contentTestId: string;
  maxWidth?: string;
  onSubmit: (event: SyntheticEvent<HTMLFormElement>) => Promise<void> | void;
  children: ReactNode;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  submitTestId: string;
}): ReactNode {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      {props.trigger !== undefined && <Dialog.Trigger>{props.trigger}</Dialog.Trigger>}
      <Dialog.Content maxWidth={props.maxWidth ?? "520px"} data-testid={props.contentTestId}>
        <Dialog.Title>{props.title}</Dialog.Title>
        <Dialog.Description size="2" mb="3">
          {props.description}
        </Dialog.Description>
        <form onSubmit={(event) => void props.onSubmit(event)} noValidate>
          <Flex direction="column" gap="3">
            {props.children}
            <DialogFormFooter
              error={props.error}
              pending={props.pending}
              submitLabel={props.submitLabel}
              pendingLabel={props.pendingLabel}
              submitTestId={props.submitTestId}
            />
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
