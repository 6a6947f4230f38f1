-- Hourly rollups per model (issue 19): each tenant's usage per UTC hour and model only, recomputed by the worker's
-- hourly-model refresh from usage_rollups_hourly, so the usage explorer's hourly reads by model or token type sum a
-- few rows per hour instead of every (model, key, customer, agent) combination. Nothing writes them in the recording
-- transaction. The first refresh ('-infinity') fills the table from every hourly row.

-- CreateTable
CREATE TABLE "usage_rollups_hourly_models" (
    "tenant_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "model_id" TEXT NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,
    "unrated_count" BIGINT NOT NULL DEFAULT 0,
    "input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_input_tokens" BIGINT NOT NULL DEFAULT 0,
    "cache_write_tokens" BIGINT NOT NULL DEFAULT 0,
    "output_tokens" BIGINT NOT NULL DEFAULT 0,
    "reasoning_tokens" BIGINT NOT NULL DEFAULT 0,
    "amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "cost" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "input_amount" DECIMAL(65,30),
    "cached_input_amount" DECIMAL(65,30),
    "cache_write_amount" DECIMAL(65,30),
    "output_amount" DECIMAL(65,30),
    "reasoning_amount" DECIMAL(65,30),

    CONSTRAINT "usage_rollups_hourly_models_pkey" PRIMARY KEY ("tenant_id","hour","model_id")
);

-- CreateTable
CREATE TABLE "hourly_model_refresh_state" (
    "id" SMALLINT NOT NULL,
    "refreshed_through" TIMESTAMPTZ(3) NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3),
    "hours_refreshed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "hourly_model_refresh_state_pkey" PRIMARY KEY ("id")
);

-- The one watermark row: every refresh locks it, so two workers never refresh at once. '-infinity': the first
-- refresh fills every hour; until then `refreshed_at` is null and reads take the hourly rows only.
INSERT INTO "hourly_model_refresh_state" ("id", "refreshed_through") VALUES (1, '-infinity');
