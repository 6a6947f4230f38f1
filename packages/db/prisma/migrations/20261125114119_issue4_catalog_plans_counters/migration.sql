-- AlterEnum
ALTER TYPE "ledger_entry_kind" ADD VALUE 'credit_usage';

-- DropIndex
DROP INDEX "usage_events_rating_status_tenant_id_idx";

-- AlterTable
ALTER TABLE "models" ADD COLUMN     "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "plan_rates" DROP CONSTRAINT "plan_rates_pkey",
ADD COLUMN     "condition" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "plan_rates_pkey" PRIMARY KEY ("plan_version_id", "model_id", "token_type", "condition");

-- AlterTable
ALTER TABLE "plan_versions" ADD COLUMN     "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "pricing" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "cost" DECIMAL(65,30),
ADD COLUMN     "pricing_rule" TEXT,
ADD COLUMN     "requested_model" TEXT;

-- AlterTable
ALTER TABLE "usage_rollups_hourly" ADD COLUMN     "cost" DECIMAL(65,30) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "model_cost_rates" (
    "model_id" TEXT NOT NULL,
    "token_type" "token_type" NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "price_per_million" DECIMAL(65,30) NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_cost_rates_pkey" PRIMARY KEY ("model_id","token_type","effective_from")
);

-- CreateTable
CREATE TABLE "usage_period_counters" (
    "tenant_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "meter" TEXT NOT NULL,
    "quantity" BIGINT NOT NULL DEFAULT 0,
    "amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_period_counters_pkey" PRIMARY KEY ("tenant_id","period_start","meter")
);

-- CreateTable
CREATE TABLE "tenant_price_overrides" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "discount_percent" DECIMAL(65,30),
    "model_rates" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_price_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tenant_price_overrides_tenant_id_starts_at_idx" ON "tenant_price_overrides"("tenant_id", "starts_at");

-- CreateIndex
CREATE INDEX "alerts_tenant_id_created_at_idx" ON "alerts"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_tenant_id_dedupe_key_key" ON "alerts"("tenant_id", "dedupe_key");

-- AddForeignKey
ALTER TABLE "model_cost_rates" ADD CONSTRAINT "model_cost_rates_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_price_overrides" ADD CONSTRAINT "tenant_price_overrides_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

