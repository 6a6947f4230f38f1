import { Button, Callout, Flex, Spinner, Text } from "@radix-ui/themes";
import { CircleAlert, Inbox } from "lucide-react";
import type { ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { isRetryable } from "../lib/retryable-error.ts";

export function Loading({ label }: { label: string }): ReactNode {
  return (
    <Flex align="center" gap="2" p="4" role="status" aria-live="polite" data-testid="loading">
      <Spinner />
      <Text color="gray">{label}</Text>
    </Flex>
  );
}

/**
 * A failed load: `error` is what the query failed with (its message is shown, and Retry only when trying again can
 * succeed: never for a 4xx, which would answer the same); `message` replaces the error's own text.
 */
export function ErrorState({
  message,
  error,
  onRetry,
}: {
  message?: string;
  error?: unknown;
  onRetry?: () => void;
}): ReactNode {
  const retry = onRetry !== undefined && (error === undefined || isRetryable(error)) ? onRetry : undefined;
  return (
    <Callout.Root highContrast color="red" role="alert" data-testid="error">
      <Callout.Icon>
        <CircleAlert size={16} aria-hidden="true" />
      </Callout.Icon>
      <Callout.Text>
        <strong>Something went wrong.</strong> {message ?? errorMessage(error)}{" "}
        {retry && (
          <Button size="1" variant="soft" color="red" highContrast onClick={retry}>
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
