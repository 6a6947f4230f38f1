import { Button, Text } from "@radix-ui/themes";
import { useMutation } from "@tanstack/react-query";
import { Download } from "lucide-react";
import type { ReactNode } from "react";
import { downloadFile } from "../lib/download.ts";
import { errorMessage } from "../lib/error-message.ts";

type ApiFile = Parameters<typeof downloadFile>[0];

/** Fetches a file from the api when clicked (never ahead of time) and saves it; failures are said next to it. */
export function DownloadButton({
  label,
  fetchFile,
  testId,
}: {
  label: string;
  fetchFile: () => Promise<ApiFile>;
  testId?: string;
}): ReactNode {
  const download = useMutation({
    mutationFn: async () => {
      downloadFile(await fetchFile());
    },
  });
  return (
    <>
      <Button
        variant="soft"
        size="2"
        onClick={() => {
          download.mutate();
        }}
        disabled={download.isPending}
        data-testid={testId}
      >
        <Download size={14} aria-hidden="true" />
        {download.isPending ? "Preparing…" : label}
      </Button>
      {download.isError && (
        <Text size="1" color="red" role="alert">
          {errorMessage(download.error)}
        </Text>
      )}
    </>
  );
}
