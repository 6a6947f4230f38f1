import { AppError } from "@tollgate/domain";
import type { Db, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { assertPasswordPolicy } from "../accounts/password-policy.ts";
import { hashPassword } from "../accounts/password-hashing.ts";
import { sha256Hex } from "../accounts/secrets.ts";
import { invitationStatus, lockTeam, memberAuditRecord, memberView, type TeamMemberView } from "./team-rows.ts";

export interface AcceptedInvitation {
  user: TeamMemberView;
  tenantId: string;
}

/** Why a token that matched no pending invitation was refused: said plainly, nothing is changed. */
async function refusal(tx: DbTx, tokenHash: string, now: Date): Promise<AppError> {
  const row = await tx.teamInvitation.findUnique({ where: { tokenHash } });
  if (!row) return new AppError("not_found", "this invitation link is not valid; ask for a new one");
  const status = invitationStatus(row, now);
  const message = {
    accepted: "this invitation was used already; sign in instead",
    revoked: "this invitation was revoked; ask for a new one",
    expired: "this invitation has expired; ask for a new one",
    pending: "this invitation cannot be used now; try again",
  }[status];
  return new AppError("forbidden", message, { invitation_status: status });
}

/**
 * Creates the invited user (the invitation's email and role, in its tenant) and marks the invitation accepted, in
 * one transaction. The invitation is claimed by one conditional UPDATE under the tenant's team lock, so of
 * concurrent accepts exactly one proceeds (the others wait, then find it accepted). Expired, used, revoked or unknown tokens are a 4xx
 * and change nothing; an email that has a user meanwhile is `conflict`. Audited.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; name: string; password: string },
  now = new Date(),
): Promise<AcceptedInvitation> {
  assertPasswordPolicy(input.password);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new AppError("bad_request", "name: 1 to 200 characters");
  const tokenHash = sha256Hex(input.token);
  // Hashing is slow on purpose: done before the transaction, so no lock is held meanwhile.
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    // The tenant's team lock first, as every team change takes it (invite, then its invitation rows): the same order
    // everywhere, so an accept and a re-invite of the same email cannot deadlock.
    const found = await tx.teamInvitation.findUnique({ where: { tokenHash }, select: { tenantId: true } });
    if (found) await lockTeam(tx, found.tenantId);
    const claimed = await tx.teamInvitation.updateManyAndReturn({
      where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    const invitation = claimed[0];
    if (!invitation) throw await refusal(tx, tokenHash, now);
    if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
      throw new AppError("conflict", `a user with the email ${invitation.email} exists already; sign in instead`);
    }
    const user = await tx.user.create({
      data: {
        email: invitation.email,
        name,
        role: invitation.role,
        tenantId: invitation.tenantId,
        passwordHash,
        createdAt: now,
      },
    });
    await tx.teamInvitation.update({ where: { id: invitation.id }, data: { acceptedUserId: user.id } });
    const member = memberView(user);
    await writeAuditLog(tx, {
      actor: `user:${user.id}`,
      action: "user.create",
      tenantId: invitation.tenantId,
      targetType: "user",
      targetId: user.id,
      reason: `accepted invitation ${invitation.id} from ${invitation.invitedBy}`,
      before: null,
      after: memberAuditRecord(member),
    });
    return { user: member, tenantId: invitation.tenantId };
  });
}
