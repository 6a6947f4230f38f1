import { Dialog, Flex } from "@radix-ui/themes";
import type { ReactNode, SyntheticEvent } from "react";
import { DialogFormFooter, type DialogFormFooterProps } from "./dialog-form-footer.tsx";

/**
 * The one shell of a form in a dialog: trigger, title and description (Radix wires them to the dialog for screen
 * readers), a form the browser does not validate (zod does, so errors show at their field), the fields in a column,
 * then the footer. The caller owns `open` so it can reset its form and mutation when the dialog opens or closes and
 * close it when the mutation succeeds; callers without a trigger open it from elsewhere.
 */
export function FormDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  contentTestId,
  maxWidth = "520px",
  onSubmit,
  children,
  ...footer
}: DialogFormFooterProps & {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  contentTestId: string;
  maxWidth?: string;
  onSubmit: (event: SyntheticEvent<HTMLFormElement>) => Promise<void> | void;
  children: ReactNode;
}): ReactNode {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger !== undefined && <Dialog.Trigger>{trigger}</Dialog.Trigger>}
      <Dialog.Content maxWidth={maxWidth} data-testid={contentTestId}>
        <Dialog.Title>{title}</Dialog.Title>
        <Dialog.Description size="2" mb="3">
          {description}
        </Dialog.Description>
        <form onSubmit={(event) => void onSubmit(event)} noValidate>
          <Flex direction="column" gap="3">
            {children}
            <DialogFormFooter {...footer} />
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
