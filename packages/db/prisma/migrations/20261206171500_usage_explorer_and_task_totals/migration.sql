-- AlterTable
ALTER TABLE "usage_rollups_hourly" ADD COLUMN     "cache_write_amount" DECIMAL(65,30),
ADD COLUMN     "cached_input_amount" DECIMAL(65,30),
ADD COLUMN     "input_amount" DECIMAL(65,30),
ADD COLUMN     "output_amount" DECIMAL(65,30),
ADD COLUMN     "reasoning_amount" DECIMAL(65,30);

-- CreateTable
CREATE TABLE "usage_task_totals" (
    "tenant_id" UUID NOT NULL,
    "month" TIMESTAMPTZ(3) NOT NULL,
    "task_id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "agent" TEXT NOT NULL DEFAULT '',
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,
    "unrated_count" BIGINT NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_write_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
    "amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "input_amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "cached_input_amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "cache_write_amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "output_amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "reasoning_amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_task_totals_pkey" PRIMARY KEY ("tenant_id","month","task_id","model_id")
);
