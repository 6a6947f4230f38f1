import { Flex, Heading, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { useDocumentTitle } from "../lib/document-title.ts";

/**
 * A page's title (its one <h1>, and the browser tab's text), an optional line under it, and its actions
 * (right-aligned, wrapping on phones).
 */
export function PageHeader({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
}): ReactNode {
  useDocumentTitle(title);
  return (
    <Flex align="center" justify="between" wrap="wrap" gap="3">
      <Flex direction="column" gap="1">
        <Heading as="h1" size="6" className="page-title">
          {title}
        </Heading>
        {description && (
          <Text size="2" color="gray">
            {description}
          </Text>
        )}
      </Flex>
      {children && (
        <Flex align="center" gap="2" wrap="wrap">
          {children}
        </Flex>
      )}
    </Flex>
  );
}
