-- CreateTable
CREATE TABLE "usage_rollups_daily" (
    "tenant_id" UUID NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
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
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_rollups_daily_pkey" PRIMARY KEY ("tenant_id","day","model_id","api_key_id","customer","agent")
);

-- Backfill from the hourly rollups (UTC days). A type amount stays null for a day when any of its hourly rows has
-- it null (recorded before those columns existed), as the readers treat it: unknown, never a false zero.
INSERT INTO "usage_rollups_daily" ("tenant_id", "day", "model_id", "api_key_id", "customer", "agent", "event_count",
    "unrated_count", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens",
    "amount", "cost", "input_amount", "cached_input_amount", "cache_write_amount", "output_amount", "reasoning_amount")
SELECT "tenant_id", date_trunc('day', "hour", 'UTC'), "model_id", "api_key_id", "customer", "agent",
    sum("event_count"), sum("unrated_count"), sum("input_tokens"), sum("cached_input_tokens"),
    sum("cache_write_tokens"), sum("output_tokens"), sum("reasoning_tokens"), sum("amount"), sum("cost"),
    CASE WHEN bool_and("input_amount" IS NOT NULL) THEN sum("input_amount") END,
    CASE WHEN bool_and("cached_input_amount" IS NOT NULL) THEN sum("cached_input_amount") END,
    CASE WHEN bool_and("cache_write_amount" IS NOT NULL) THEN sum("cache_write_amount") END,
    CASE WHEN bool_and("output_amount" IS NOT NULL) THEN sum("output_amount") END,
    CASE WHEN bool_and("reasoning_amount" IS NOT NULL) THEN sum("reasoning_amount") END
FROM "usage_rollups_hourly"
GROUP BY 1, 2, 3, 4, 5, 6;
