import { Button, Callout, Flex, Spinner, Text } from "@radix-ui/themes";
import { CircleAlert, Inbox } from "lucide-react";
import type { ReactNode } from "react";

export function Loading({ label }: { label: string }): ReactNode {
  return (
    <Flex align="center" gap="2" p="4" role="status" aria-live="polite" data-testid="loading">
      <Spinner />
      <Text color="gray">{label}</Text>
    </Flex>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }): ReactNode {
  return (
    <Callout.Root highContrast color="red" role="alert" data-testid="error">
      <Callout.Icon>
        <CircleAlert size={16} aria-hidden="true" />
      </Callout.Icon>
      <Callout.Text>
        <strong>Something went wrong.</strong> {message}{" "}
        {onRetry && (
          <Button size="1" variant="soft" color="red" highContrast onClick={onRetry}>
            Retry
          </Button>
        )}
      </Callout.Text>
    </Callout.Root>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }): ReactNode {
  return (
    <Flex direction="column" align="center" gap="2" p="6" className="empty-state" data-testid="empty">
      <Inbox size={28} aria-hidden="true" />
      <Text weight="medium" align="center">
        {title}
      </Text>
      {children && (
        <Text size="2" color="gray" align="center">
          {children}
        </Text>
      )}
    </Flex>
  );
}
