-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "read_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "budgets" ADD COLUMN     "managed_by" TEXT NOT NULL DEFAULT 'operator';

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "tenant_budget_max_amount" DECIMAL(65,30),
ADD COLUMN     "tenant_budgets_allowed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "tenant_hard_budgets_allowed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "team_invitations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "user_role" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_user_id" UUID,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "team_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "team_invitations_token_hash_key" ON "team_invitations"("token_hash");

-- CreateIndex
CREATE INDEX "team_invitations_tenant_id_created_at_idx" ON "team_invitations"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "team_invitations_one_pending" ON "team_invitations"("tenant_id", "email") WHERE (accepted_at IS NULL AND revoked_at IS NULL);

-- CreateIndex
CREATE INDEX "alerts_tenant_id_id_idx" ON "alerts"("tenant_id", "id");

-- AddForeignKey
ALTER TABLE "team_invitations" ADD CONSTRAINT "team_invitations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Who set a budget; the tenant may change only its own.
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_managed_by_check" CHECK ("managed_by" IN ('operator', 'tenant'));
-- Invitations are to tenant roles only; operators are never invited into a tenant.
ALTER TABLE "team_invitations" ADD CONSTRAINT "team_invitations_tenant_role_check"
  CHECK ("role" IN ('tenant_admin', 'tenant_viewer'));
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_tenant_budget_max_amount_check"
  CHECK ("tenant_budget_max_amount" IS NULL OR "tenant_budget_max_amount" > 0);
