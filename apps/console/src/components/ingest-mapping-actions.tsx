import { Button, Code, Flex } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { IngestMappingDialog, type IngestMapping } from "./ingest-mapping-dialog.tsx";

/** Edit one mapping's config, or delete it (confirmed: its events are refused as unmapped from then on). */
export function IngestMappingActions({ mapping }: { mapping: IngestMapping }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.ingestMappings.delete.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries(trpc.ingestMappings.pathFilter());
      },
    }),
  );
  return (
    <Flex gap="2" justify="end" direction={{ initial: "column", sm: "row" }} className="row-actions">
      <IngestMappingDialog tenantId={mapping.tenant_id} mapping={mapping} />
      <ConfirmDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          remove.reset();
        }}
        trigger={
          <Button size="1" variant="soft" color="red" data-testid="mapping-delete">
            Delete
          </Button>
        }
        title="Delete this ingest mapping?"
        description={
          <>
            The tenant&apos;s {mapping.source === "lago" ? "Lago events with code" : "Stripe meter events named"}{" "}
            <Code>{mapping.key}</Code> are refused as unmapped from about 5 seconds on. This cannot be undone.
          </>
        }
        action="Delete mapping"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => {
          remove.mutate({ tenantId: mapping.tenant_id, id: mapping.id });
        }}
        testId="mapping-delete"
      />
    </Flex>
  );
}
