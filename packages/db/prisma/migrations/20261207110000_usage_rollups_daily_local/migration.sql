-- Local-day rollups (issue 19): each tenant's usage per calendar day of its own time zone, recomputed by the worker's
-- local-day refresh from the hourly rollups, so the usage explorer answers another zone's days without reading the
-- hourly rows. Filled per tenant once it sets a zone (usage_local_rollup_zones.ready_at).

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN "time_zone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "usage_rollups_daily_local" (
    "tenant_id" UUID NOT NULL,
    "time_zone" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "model_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL DEFAULT '',
    "customer" TEXT NOT NULL DEFAULT '',
    "agent" TEXT NOT NULL DEFAULT '',
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

    CONSTRAINT "usage_rollups_daily_local_pkey" PRIMARY KEY ("tenant_id","time_zone","day","model_id","api_key_id","customer","agent")
);

-- CreateTable
CREATE TABLE "usage_local_rollup_zones" (
    "tenant_id" UUID NOT NULL,
    "time_zone" TEXT NOT NULL,
    "ready_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_local_rollup_zones_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "local_rollup_refresh_state" (
    "id" SMALLINT NOT NULL,
    "refreshed_through" TIMESTAMPTZ(3) NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3),
    "days_refreshed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "local_rollup_refresh_state_pkey" PRIMARY KEY ("id")
);

-- The one watermark row: every refresh locks it, so two workers never refresh at once. No zone is set yet, so
-- nothing before now needs recomputing (a zone set later is filled whole).
INSERT INTO "local_rollup_refresh_state" ("id", "refreshed_through") VALUES (1, CURRENT_TIMESTAMP);

-- Hours re-rated by the rating sweep (no new event names them): the refresh recomputes their local days.
-- CreateTable
CREATE TABLE "usage_rollup_changes" (
    "tenant_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_rollup_changes_pkey" PRIMARY KEY ("tenant_id","hour")
);
