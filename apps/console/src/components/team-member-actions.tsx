import { Button, Select } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TEAM_ROLES, type TeamRole } from "@tollgate/domain";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { TEAM_ROLE_HINTS, TEAM_ROLE_LABELS, type TeamMemberRow } from "../lib/team-views.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";

function useRefreshTeam(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
}

/**
 * A member's role as a select; picking the other role asks first. The api decides what is allowed (not one's own
 * role, not the last admin): its refusal is shown in the dialog, as it says it.
 */
export function MemberRoleSelect({ member, tenantId }: { member: TeamMemberRow; tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const refresh = useRefreshTeam();
  const [next, setNext] = useState<TeamRole | null>(null);
  const change = useMutation(
    trpc.team.changeRole.mutationOptions({
      onSuccess: async () => {
        setNext(null);
        await refresh();
      },
    }),
  );
  return (
    <>
      <Select.Root
        value={member.role}
        size="1"
        onValueChange={(value) => {
          const role = TEAM_ROLES.find((candidate) => candidate === value);
          if (role && role !== member.role) {
            change.reset();
            setNext(role);
          }
        }}
      >
        <Select.Trigger aria-label={`Role of ${member.email}`} data-testid="member-role" />
        <Select.Content>
          {TEAM_ROLES.map((role) => (
            <Select.Item key={role} value={role}>
              {TEAM_ROLE_LABELS[role]}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      <ConfirmDialog
        open={next !== null}
        onOpenChange={(open) => {
          if (!open) setNext(null);
        }}
        title={next ? `Make ${member.name} ${next === "tenant_admin" ? "an admin" : "a viewer"}?` : ""}
        description={
          next ? `${TEAM_ROLE_LABELS[next]}s ${TEAM_ROLE_HINTS[next]}. It takes effect on their next request.` : ""
        }
        action="Change role"
        color="accent"
        pending={change.isPending}
        error={change.isError ? errorMessage(change.error) : null}
        onConfirm={() => {
          if (next) change.mutate({ tenantId, userId: member.id, role: next });
        }}
        testId="change-role"
      />
    </>
  );
}

/** Removes a member after asking: they are signed out everywhere at once and cannot sign in again. */
export function RemoveMemberButton({ member, tenantId }: { member: TeamMemberRow; tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const refresh = useRefreshTeam();
  const dialog = useDialog();
  const remove = useMutation(
    trpc.team.remove.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await refresh();
      },
    }),
  );
  return (
    <ConfirmDialog
      {...dialog.bind(remove)}
      trigger={
        <Button size="1" variant="soft" color="red" aria-label={`Remove ${member.email}`} data-testid="remove-member">
          Remove
        </Button>
      }
      title={`Remove ${member.name}?`}
      description={`${member.email} is signed out everywhere now and cannot sign in again. Invite them again to bring them back.`}
      action="Remove member"
      pending={remove.isPending}
      error={remove.isError ? errorMessage(remove.error) : null}
      onConfirm={() => {
        remove.mutate({ tenantId, userId: member.id });
      }}
      testId="remove-member"
    />
  );
}
