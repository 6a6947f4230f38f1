import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { createApiKey } from "./api-key-store.ts";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import type { IssuedApiKey } from "./create-tenant-api-key.ts";
import { findTenantApiKey } from "./tenant-key.ts";
import { toApiKeyView, type AnnounceKeyRevocation, type ApiKeyView } from "./api-key-view.ts";

export interface RotateTenantApiKeyInput {
  tenantId: string;
  keyId: string;
  actor: string;
  /** Keep the old key working this long (0 or absent: revoke it now); expressed as the old key's expiry. */
  gracePeriodSeconds?: number;
  announce: AnnounceKeyRevocation;
}

export interface RotatedApiKey extends IssuedApiKey {
  /** The old key: revoked, or expiring at the end of the grace period. */
  previous: ApiKeyView;
}

/** Replaces a key by a new one with the same name, scopes and expiry (secret shown once); audited. */
export async function rotateTenantApiKey(
  db: Db,
  input: RotateTenantApiKeyInput,
  now = new Date(),
): Promise<RotatedApiKey> {
  const grace = input.gracePeriodSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0)
    throw new AppError("bad_request", "grace period: whole seconds, 0 or more");
  const rotated = await db.$transaction(async (tx) => {
    // Locks the old key, so two concurrent rotations cannot both replace it.
    await tx.$queryRaw`SELECT 1 FROM api_keys WHERE id = ${input.keyId}::uuid FOR UPDATE`;
    const old = await findTenantApiKey(tx, input.tenantId, input.keyId);
    if (old.revokedAt) throw new AppError("conflict", "the key is revoked; create a new one instead");
    if (old.expiresAt && old.expiresAt <= now) throw new AppError("conflict", "the key has expired; create a new one");
    const { apiKey, plaintext } = await createApiKey(tx, {
      tenantId: input.tenantId,
      name: old.name,
      scopes: old.scopes,
      expiresAt: old.expiresAt,
    });
    const graceEnd = new Date(now.getTime() + grace * 1000);
    const previous = await tx.apiKey.update({
      where: { id: old.id },
      data:
        grace === 0
          ? { revokedAt: now }
          : { expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd },
    });
    const result: RotatedApiKey = {
      apiKey: toApiKeyView(apiKey),
      secret: plaintext,
      previous: toApiKeyView(previous),
    };
    await writeAuditLog(tx, {
      actor: input.actor,
      action: "api_key.rotate",
      tenantId: input.tenantId,
      targetType: "api_key",
      targetId: old.id,
      before: toApiKeyView(old),
      after: { previous: result.previous, replacement: result.apiKey },
    });
    return result;
  });
  // Even with a grace period: caches re-read the old key and so learn its new expiry.
  await input.announce(rotated.previous.id);
  return rotated;
}
