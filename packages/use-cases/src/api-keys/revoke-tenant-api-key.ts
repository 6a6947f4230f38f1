import type { Db } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { findTenantApiKey } from "./tenant-key.ts";
import { toApiKeyView, type AnnounceKeyRevocation, type ApiKeyView } from "./api-key-view.ts";

export interface RevokeTenantApiKeyInput {
  tenantId: string;
  keyId: string;
  actor: string;
  /** Runs after the commit, so no cache can re-read the key before its revocation is visible. */
  announce: AnnounceKeyRevocation;
}

/** Revokes one of the tenant's keys; idempotent (a second call changes and audits nothing, but announces again). */
export async function revokeTenantApiKey(
  db: Db,
  input: RevokeTenantApiKeyInput,
  now = new Date(),
): Promise<ApiKeyView> {
  const view = await db.$transaction(async (tx) => {
    const key = await findTenantApiKey(tx, input.tenantId, input.keyId);
    if (key.revokedAt) return toApiKeyView(key);
    // Conditional, so two concurrent revocations record one instant and one audit entry.
    const { count } = await tx.apiKey.updateMany({
      where: { id: key.id, revokedAt: null },
      data: { revokedAt: now },
    });
    const revoked = toApiKeyView(await tx.apiKey.findUniqueOrThrow({ where: { id: key.id } }));
    if (count === 1) {
      await writeAuditLog(tx, {
        actor: input.actor,
        action: "api_key.revoke",
        tenantId: input.tenantId,
        targetType: "api_key",
        targetId: key.id,
        before: toApiKeyView(key),
        after: revoked,
      });
    }
    return revoked;
  });
  await input.announce(view.id);
  return view;
}
