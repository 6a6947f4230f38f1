import { Button } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import type { InvitationRow } from "../lib/team-views.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";

/** Revokes a pending invitation after asking: its link stops working. */
export function RevokeInvitationButton({
  invitation,
  tenantId,
}: {
  invitation: InvitationRow;
  tenantId: string;
}): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
      },
    }),
  );
  return (
    <ConfirmDialog
      {...dialog.bind(revoke)}
      trigger={
        <Button
          size="1"
          variant="soft"
          color="red"
          aria-label={`Revoke the invitation of ${invitation.email}`}
          data-testid="revoke-invitation"
        >
          Revoke
        </Button>
      }
      title={`Revoke the invitation of ${invitation.email}?`}
      description="Its link stops working now. You can invite them again later."
      action="Revoke invitation"
      pending={revoke.isPending}
      error={revoke.isError ? errorMessage(revoke.error) : null}
      onConfirm={() => {
        revoke.mutate({ tenantId, invitationId: invitation.id });
      }}
      testId="revoke-invitation"
    />
  );
}
