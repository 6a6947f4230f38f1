-- Hand-written (Prisma's schema language cannot express CHECK constraints; its diff does not see them).
-- A key is either a tenant's (never `admin`) or an operator's (no tenant, `admin`). Before this, a tenant key with
-- `admin` acted as an operator across tenants.

-- A tenant key loses `admin`: it never made the key an operator of its own tenant, only of everyone's.
UPDATE "api_keys" SET "scopes" = array_remove("scopes", 'admin'::"api_key_scope")
  WHERE "tenant_id" IS NOT NULL AND 'admin'::"api_key_scope" = ANY ("scopes");

-- A key without a tenant and without `admin` could do nothing (no tenant to read or ingest for, not an operator):
-- it is removed rather than promoted to an operator key.
DELETE FROM "api_keys"
  WHERE "tenant_id" IS NULL AND NOT COALESCE('admin'::"api_key_scope" = ANY ("scopes"), false);

-- COALESCE: "scopes" may be NULL, and a CHECK that evaluates to NULL would let the row through.
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_operator_xor_tenant_check"
  CHECK (("tenant_id" IS NULL) = COALESCE('admin'::"api_key_scope" = ANY ("scopes"), false));
