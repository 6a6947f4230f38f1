import type { DbOrTx } from "@tollgate/db";
import type { TenantKeyScope } from "../access/principal.ts";
import { authenticateApiKey, createApiKey } from "../api-keys/api-key-store.ts";
import type { DemoKeysFile } from "./demo-keys-file.ts";
import type { SeededTenant } from "./seed-accounts.ts";

export const DEMO_OPERATOR_KEY_NAME = "Demo operator key";
export const DEMO_TENANT_KEY_NAME = "Demo key";
/** The key `createTenant` makes for a new tenant: the seed hands it out as that tenant's first demo key. */
const TENANT_DEFAULT_KEY_NAME = "Default key";
const TENANT_SCOPES: TenantKeyScope[] = ["ingest", "read"];

export type DemoKeysOutcome = { status: "kept"; keys: DemoKeysFile } | { status: "created"; keys: DemoKeysFile };

/**
 * Keeps the keys file when every key in it still authenticates with the right tenant and scopes. Otherwise the
 * secrets are lost (only hashes are stored), so the old demo keys are revoked and new ones created.
 */
export async function seedApiKeys(
  db: DbOrTx,
  existing: DemoKeysFile | null,
  tenants: readonly SeededTenant[],
): Promise<DemoKeysOutcome> {
  if (existing && (await keysFileStillValid(db, existing, tenants))) return { status: "kept", keys: existing };

  const now = new Date();
  await db.apiKey.updateMany({
    where: { tenantId: null, name: DEMO_OPERATOR_KEY_NAME, revokedAt: null },
    data: { revokedAt: now },
  });
  const operator = await createApiKey(db, { tenantId: null, name: DEMO_OPERATOR_KEY_NAME, scopes: ["admin"] });

  const tenantKeys: DemoKeysFile["tenants"] = {};
  for (const seeded of tenants) {
    let plaintext = seeded.newKey?.plaintext;
    if (plaintext === undefined) {
      await db.apiKey.updateMany({
        where: {
          tenantId: seeded.tenantId,
          name: { in: [DEMO_TENANT_KEY_NAME, TENANT_DEFAULT_KEY_NAME] },
          revokedAt: null,
        },
        data: { revokedAt: now },
      });
      plaintext = (
        await createApiKey(db, { tenantId: seeded.tenantId, name: DEMO_TENANT_KEY_NAME, scopes: TENANT_SCOPES })
      ).plaintext;
    }
    tenantKeys[seeded.tenant.slug] = { tenantId: seeded.tenantId, apiKey: plaintext };
  }
  return { status: "created", keys: { operator: operator.plaintext, tenants: tenantKeys } };
}

async function keysFileStillValid(db: DbOrTx, file: DemoKeysFile, tenants: readonly SeededTenant[]): Promise<boolean> {
  const operator = await authenticateApiKey(db, file.operator);
  if (operator?.kind !== "operator_key") return false;
  for (const seeded of tenants) {
    // A tenant created by this run cannot have a key in an older file.
    const entry = file.tenants[seeded.tenant.slug];
    if (seeded.newKey || entry?.tenantId !== seeded.tenantId) return false;
    const principal = await authenticateApiKey(db, entry.apiKey);
    if (principal?.kind !== "api_key" || principal.tenantId !== seeded.tenantId) return false;
    if (!TENANT_SCOPES.every((scope) => principal.scopes.includes(scope))) return false;
  }
  return true;
}
