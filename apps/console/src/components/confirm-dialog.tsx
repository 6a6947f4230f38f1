import { AlertDialog, Button, Callout, Flex } from "@radix-ui/themes";
import type { ReactNode } from "react";

/**
 * A change that cannot be undone, confirmed first: a trigger button opening an AlertDialog whose action runs the
 * change. The dialog stays open while it runs, and shows the api's message if it fails.
 */
export function ConfirmDialog({
  trigger,
  title,
  description,
  action,
  color = "red",
  pending,
  error,
  onConfirm,
  onOpenChange,
  open,
  testId,
  children,
}: {
  /** Absent when something else opens the dialog (a select's new value, say) through `open`. */
  trigger?: ReactNode;
  title: string;
  description: ReactNode;
  action: string;
  /** Red by default: most confirmed changes cannot be undone. */
  color?: "red" | "accent";
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  testId: string;
  /** Choices that shape the change (a grace period, say), below the description. */
  children?: ReactNode;
}): ReactNode {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger !== undefined && <AlertDialog.Trigger>{trigger}</AlertDialog.Trigger>}
      <AlertDialog.Content maxWidth="450px" data-testid={`${testId}-dialog`}>
        <AlertDialog.Title>{title}</AlertDialog.Title>
        <AlertDialog.Description size="2">{description}</AlertDialog.Description>
        {children}
        {error !== null && (
          <Callout.Root color="red" highContrast role="alert" mt="3" size="1">
            <Callout.Text>{error}</Callout.Text>
          </Callout.Root>
        )}
        <Flex gap="3" mt="4" justify="end" wrap="wrap">
          <AlertDialog.Cancel>
            <Button variant="soft" color="gray">
              Cancel
            </Button>
          </AlertDialog.Cancel>
          <Button
            color={color === "red" ? "red" : undefined}
            // White on Radix's red 9 is 3.9:1 (axe: color-contrast); the high-contrast red is dark enough.
            highContrast={color === "red"}
            disabled={pending}
            onClick={onConfirm}
            data-testid={`${testId}-confirm`}
          >
            {pending ? "Working…" : action}
          </Button>
        </Flex>
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}
