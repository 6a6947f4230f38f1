import { Card, Flex, Heading, Text } from "@radix-ui/themes";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "./async-state.tsx";

/** One analytics view in a card: its own loading, error and empty states, so one slow view holds up no other. */
export function AnalyticsSection<T, E>({
  title,
  description,
  query,
  isEmpty,
  emptyTitle,
  testId,
  children,
}: {
  title: string;
  description: string;
  query: UseQueryResult<T, E>;
  isEmpty: (data: T) => boolean;
  emptyTitle: string;
  testId: string;
  children: (data: T) => ReactNode;
}): ReactNode {
  let body: ReactNode;
  if (query.isPending) body = <Loading label={`Loading ${title.toLowerCase()}…`} />;
  else if (query.isError)
    body = (
      <ErrorState
        error={query.error}
        onRetry={() => {
          void query.refetch();
        }}
      />
    );
  else if (isEmpty(query.data))
    body = <Empty title={emptyTitle}>Usage shows here once the worker's analytics refresh has counted it.</Empty>;
  else body = children(query.data);
  return (
    <Card data-testid={testId}>
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Heading as="h2" size="4">
            {title}
          </Heading>
          <Text size="2" color="gray">
            {description}
          </Text>
        </Flex>
        {body}
      </Flex>
    </Card>
  );
}
