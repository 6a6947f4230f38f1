import { Badge, Flex, Heading, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { useMemo } from "react";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { TEAM_ROLE_LABELS, type TeamMemberRow } from "../lib/team-views.ts";
import { Empty } from "./async-state.tsx";
import { columnsFor, DataTable, type DataColumn } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { MemberRoleSelect, RemoveMemberButton } from "./team-member-actions.tsx";

const col = columnsFor<TeamMemberRow>();

function memberColumns(tenantId: string, canWrite: boolean, myId: string): DataColumn<TeamMemberRow>[] {
  return col.columns([
    col.accessor("email", {
      header: "Member",
      cell: (info) => {
        const member = info.row.original;
        return (
          <Flex direction="column">
            <Flex gap="2" align="center" wrap="wrap">
              <Text weight="medium">{member.name}</Text>
              {member.id === myId && <Badge color="gray">You</Badge>}
            </Flex>
            <Text size="1" color="gray" className="break-anywhere" data-testid="member-email">
              {member.email}
            </Text>
          </Flex>
        );
      },
    }),
    col.accessor("role", {
      header: "Role",
      cell: (info) => {
        const member = info.row.original;
        if (member.disabledAt !== null) return <Badge color="red">Removed</Badge>;
        return canWrite ? (
          <MemberRoleSelect member={member} tenantId={tenantId} />
        ) : (
          <Text data-testid="member-role-label">{TEAM_ROLE_LABELS[member.role]}</Text>
        );
      },
    }),
    col.accessor("createdAt", {
      header: "Joined",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.row.original.createdAt} dateOnly />,
    }),
    col.accessor("lastSignInAt", {
      header: "Last sign-in",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => {
        const at = info.row.original.lastSignInAt;
        return at === null ? <Text color="gray">None recorded</Text> : <DateTime iso={at} />;
      },
    }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) =>
              info.row.original.disabledAt === null ? (
                <Flex justify="end">
                  <RemoveMemberButton member={info.row.original} tenantId={tenantId} />
                </Flex>
              ) : null,
          }),
        ]
      : []),
  ]);
}

/** The tenant's users, oldest first; removed ones stay listed (marked) so the history is visible. */
export function TeamMembers({
  members,
  tenantId,
  canWrite,
}: {
  members: TeamMemberRow[];
  tenantId: string;
  canWrite: boolean;
}): ReactNode {
  const me = useSignedInUser();
  const columns = useMemo(() => memberColumns(tenantId, canWrite, me.id), [tenantId, canWrite, me.id]);
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Members
      </Heading>
      {members.length === 0 ? (
        <Empty title="No members yet.">
          {canWrite ? "Invite someone to give them access." : "A tenant admin can invite them."}
        </Empty>
      ) : (
        <DataTable data={members} columns={columns} label="Members" getRowId={(row) => row.id} testId="member-table" />
      )}
    </Flex>
  );
}
