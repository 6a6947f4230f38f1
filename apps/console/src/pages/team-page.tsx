import { Flex } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorState, Loading } from "../components/async-state.tsx";
import { InviteMemberDialog } from "../components/invite-member-dialog.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { TeamInvitations } from "../components/team-invitations.tsx";
import { TeamMembers } from "../components/team-members.tsx";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC } from "../lib/trpc.ts";

/** `/team`: the tenant's members and open invitations; tenant admins invite, change roles and remove. */
export function TeamPage(): ReactNode {
  const scope = useTenantScope();
  return (
    <Flex direction="column" gap="5">
      <PageHeader title="Team" description="Who can sign in to this tenant's console, and what they may change.">
        {scope.canWrite && scope.tenantId !== undefined && <InviteMemberDialog tenantId={scope.tenantId} />}
      </PageHeader>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <Team tenantId={scope.tenantId} canWrite={scope.canWrite} />
      )}
    </Flex>
  );
}

function Team({ tenantId, canWrite }: { tenantId: string; canWrite: boolean }): ReactNode {
  const trpc = useTRPC();
  const team = useQuery(trpc.team.list.queryOptions({ tenantId }));
  if (team.isPending) return <Loading label="Loading the team…" />;
  if (team.isError) return <ErrorState error={team.error} onRetry={() => void team.refetch()} />;
  return (
    <>
      <TeamMembers members={team.data.members} tenantId={tenantId} canWrite={canWrite} />
      <TeamInvitations invitations={team.data.invitations} tenantId={tenantId} canWrite={canWrite} />
    </>
  );
}
