import { Button, Callout, Code, Dialog, Flex, Text } from "@radix-ui/themes";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { useState, type ReactNode } from "react";

/**
 * A secret the api returns once (a new API key, a webhook signing secret): shown with a copy button and the warning
 * that it cannot be shown again. Closing the dialog forgets it.
 */
export function SecretDialog({
  title,
  secret,
  onClose,
  children,
}: {
  title: string;
  /** Null: closed. */
  secret: string | null;
  onClose: () => void;
  children?: ReactNode;
}): ReactNode {
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const copySecret = async (value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  };
  return (
    <Dialog.Root
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopy("idle");
          onClose();
        }
      }}
    >
      <Dialog.Content maxWidth="520px" data-testid="secret-dialog">
        <Dialog.Title>{title}</Dialog.Title>
        <Dialog.Description size="2" mb="3">
          {children}
        </Dialog.Description>
        <Flex direction="column" gap="3">
          <Code size="2" className="secret-value" data-testid="secret-value">
            {secret}
          </Code>
          <Callout.Root color="amber" highContrast size="1">
            <Callout.Icon>
              <TriangleAlert size={16} aria-hidden="true" />
            </Callout.Icon>
            <Callout.Text>Copy it now: it will not be shown again. Only a hash of it is stored.</Callout.Text>
          </Callout.Root>
          <Flex gap="3" align="center" justify="end" wrap="wrap">
            {/* The button says "Copied" on screen; this says it to screen readers (and shows a failure to all). */}
            <Text
              size="2"
              role="status"
              aria-live="polite"
              className={copy === "failed" ? undefined : "sr-only"}
              data-testid="secret-copy-status"
            >
              {copy === "copied" ? "Copied" : copy === "failed" ? "Could not copy: select the text and copy it." : ""}
            </Text>
            <Button
              variant="soft"
              onClick={() => {
                if (secret !== null) void copySecret(secret);
              }}
              data-testid="secret-copy"
            >
              {copy === "copied" ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />}
              {copy === "copied" ? "Copied" : "Copy"}
            </Button>
            <Dialog.Close>
              <Button data-testid="secret-done">Done</Button>
            </Dialog.Close>
          </Flex>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  );
}
