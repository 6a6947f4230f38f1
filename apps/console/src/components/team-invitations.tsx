import { Badge, Flex, Heading, Text } from "@radix-ui/themes";
import { useMemo, type ReactNode } from "react";
import {
  INVITATION_STATUS_COLORS,
  INVITATION_STATUS_LABELS,
  TEAM_ROLE_LABELS,
  type InvitationRow,
} from "../lib/team-views.ts";
import { Empty } from "./async-state.tsx";
import { columnsFor, DataTable, type DataColumn } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { RevokeInvitationButton } from "./revoke-invitation-button.tsx";

const col = columnsFor<InvitationRow>();

function invitationColumns(tenantId: string, canWrite: boolean): DataColumn<InvitationRow>[] {
  return col.columns([
    col.accessor("email", {
      header: "Email",
      cell: (info) => (
        <Flex direction="column">
          <Text className="break-anywhere">{info.row.original.email}</Text>
          {/* On phones the role column is hidden: the role goes under the email. */}
          <Text size="1" color="gray" className="phone-only">
            {TEAM_ROLE_LABELS[info.row.original.role]}
          </Text>
        </Flex>
      ),
    }),
    col.accessor("role", {
      header: "Role",
      meta: { secondary: true },
      cell: (info) => TEAM_ROLE_LABELS[info.row.original.role],
    }),
    col.accessor("expiresAt", {
      header: "Expires",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.row.original.expiresAt} />,
    }),
    col.accessor("status", {
      header: "Status",
      cell: (info) => (
        <Badge highContrast color={INVITATION_STATUS_COLORS[info.row.original.status]} data-testid="invitation-status">
          {INVITATION_STATUS_LABELS[info.row.original.status]}
        </Badge>
      ),
    }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            // An expired link works no more: invite again for a new one (which replaces it).
            cell: (info) =>
              info.row.original.status === "pending" ? (
                <Flex justify="end">
                  <RevokeInvitationButton invitation={info.row.original} tenantId={tenantId} />
                </Flex>
              ) : null,
          }),
        ]
      : []),
  ]);
}

/** Invitations not yet accepted or revoked, newest first; expired ones too, so an admin sees whom to invite again. */
export function TeamInvitations({
  invitations,
  tenantId,
  canWrite,
}: {
  invitations: InvitationRow[];
  tenantId: string;
  canWrite: boolean;
}): ReactNode {
  const columns = useMemo(() => invitationColumns(tenantId, canWrite), [tenantId, canWrite]);
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Invitations
      </Heading>
      {invitations.length === 0 ? (
        <Empty title="No open invitations.">
          {canWrite ? "Invite a member to get a link for them." : "A tenant admin can invite members."}
        </Empty>
      ) : (
        <DataTable
          data={invitations}
          columns={columns}
          label="Invitations"
          getRowId={(row) => row.id}
          testId="invitation-table"
        />
      )}
    </Flex>
  );
}
