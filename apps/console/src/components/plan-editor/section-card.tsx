import { Button, Card, Flex, Heading, Text } from "@radix-ui/themes";
import { Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { SectionMessage } from "./pricing-fields.tsx";

/** One part of the pricing document: a title, what it does, its entries and the buttons that add one. */
export function SectionCard({
  title,
  description,
  path,
  actions,
  children,
}: {
  title: string;
  description: string;
  /** The list the section edits, whose own refusals (not an entry's) show under the title. */
  path?: string;
  actions?: ReactNode;
  children: ReactNode;
}): ReactNode {
  return (
    <Card size="2" data-testid={`section-${title.toLowerCase()}`}>
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Heading as="h2" size="4">
            {title}
          </Heading>
          <Text size="2" color="gray">
            {description}
          </Text>
          {path !== undefined && <SectionMessage path={path} />}
        </Flex>
        {children}
        {actions && (
          <Flex gap="2" wrap="wrap">
            {actions}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** One entry of a list (a rule, a meter, a band) with its Remove button. */
export function EntryBox({
  title,
  onRemove,
  testId,
  children,
}: {
  title: string;
  onRemove: () => void;
  testId?: string;
  children: ReactNode;
}): ReactNode {
  return (
    <Flex direction="column" gap="2" className="entry-box" data-testid={testId}>
      <Flex justify="between" align="center" gap="2">
        <Text size="2" weight="bold">
          {title}
        </Text>
        <Button type="button" size="1" variant="ghost" color="red" onClick={onRemove} aria-label={`Remove ${title}`}>
          <Trash2 size={14} aria-hidden="true" /> Remove
        </Button>
      </Flex>
      {children}
    </Flex>
  );
}
