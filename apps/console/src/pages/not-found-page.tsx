import { Button, Flex, Heading, Text } from "@radix-ui/themes";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useDocumentTitle } from "../lib/document-title.ts";

/** Any URL the console has no page for: said plainly, with a way back (never the overview in disguise). */
export function NotFoundPage(): ReactNode {
  useDocumentTitle("Page not found");
  return (
    <Flex asChild direction="column" align="center" gap="3" p="8">
      <main data-testid="not-found">
        <Heading as="h1" size="6">
          Page not found
        </Heading>
        <Text color="gray">There is no page at {window.location.pathname}.</Text>
        <Button asChild variant="soft">
          <Link to="/">Go to the overview</Link>
        </Button>
      </main>
    </Flex>
  );
}
