import { Card, Flex, Heading, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";

/** One part of a detail page: its heading, a line about it, its actions, then its content. */
export function SectionCard({
  title,
  description,
  actions,
  children,
  testId,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}): ReactNode {
  return (
    <Card size="2" data-testid={testId}>
      <Flex direction="column" gap="3">
        <Flex justify="between" align="center" gap="2" wrap="wrap">
          <Flex direction="column" gap="1">
            <Heading as="h2" size="4">
              {title}
            </Heading>
            {description && (
              <Text size="2" color="gray">
                {description}
              </Text>
            )}
          </Flex>
          {actions}
        </Flex>
        {children}
      </Flex>
    </Card>
  );
}
