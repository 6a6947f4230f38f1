import { Button, Flex, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";

/** Previous / next for a list paged by the server; the page lives in the URL (`onPage` navigates). */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}): ReactNode {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <Flex align="center" justify="center" gap="3">
      <Button
        variant="soft"
        disabled={page <= 1}
        onClick={() => {
          onPage(page - 1);
        }}
      >
        Previous
      </Button>
      <Text size="2" color="gray">
        Page {page} of {pages}
      </Text>
      <Button
        variant="soft"
        disabled={page >= pages}
        onClick={() => {
          onPage(page + 1);
        }}
      >
        Next
      </Button>
    </Flex>
  );
}
