import { Button } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useTRPC } from "../lib/trpc.ts";
import { utcDayStart, VersionDateDialog } from "./version-date-dialog.tsx";

/** "New draft": an empty version with the next number (its rates and fields are added in the editor). */
export function NewDraftButton({ planId, currency }: { planId: string; currency: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.planVersions.create.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
      },
    }),
  );
  return (
    <>
      <Button
        onClick={() => {
          create.reset();
          setOpen(true);
        }}
        data-testid="new-draft"
      >
        <Plus size={16} aria-hidden="true" /> New draft
      </Button>
      <VersionDateDialog
        open={open}
        onOpenChange={setOpen}
        title="New draft version"
        description="An empty draft with the next version number; add its rates and pricing in the editor, then publish it."
        withCurrency
        defaultCurrency={currency}
        submitLabel="Create draft"
        pending={create.isPending}
        error={create.isError ? create.error : null}
        onSubmit={(fields) => {
          create.mutate({ planId, currency: fields.currency, effective_from: utcDayStart(fields.effectiveFrom) });
        }}
        testId="new-draft"
      />
    </>
  );
}
