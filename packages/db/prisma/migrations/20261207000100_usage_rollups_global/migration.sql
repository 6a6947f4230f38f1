-- Cross-tenant analytics (issue 20): usage_rollups_daily summed over every tenant per (UTC day, currency, model,
-- agent), and per (tenant, UTC week, currency), recomputed by the worker's analytics refresh for the days touched
-- since its watermark. Filled by the first refresh after deploy (its watermark starts at -infinity).

-- CreateTable
CREATE TABLE "usage_rollups_global_daily" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "model_id" TEXT NOT NULL,
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

    CONSTRAINT "usage_rollups_global_daily_pkey" PRIMARY KEY ("day","currency","model_id","agent")
);

-- CreateTable
CREATE TABLE "usage_rollups_tenant_weekly" (
    "week" TIMESTAMPTZ(3) NOT NULL,
    "tenant_id" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,
    "unrated_count" BIGINT NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "cost" DECIMAL(65,30) NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollups_tenant_weekly_pkey" PRIMARY KEY ("week","tenant_id","currency")
);

-- One tenant's weeks (the top tenants' other sums, once the window's ranking has picked them).
CREATE INDEX "usage_rollups_tenant_weekly_tenant_id_week_idx" ON "usage_rollups_tenant_weekly"("tenant_id", "week");

-- CreateTable
CREATE TABLE "analytics_refresh_state" (
    "id" SMALLINT NOT NULL,
    "refreshed_through" TIMESTAMPTZ(3) NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3),
    "days_refreshed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_refresh_state_pkey" PRIMARY KEY ("id")
);

-- The one watermark row: every refresh locks it, so two workers never refresh at once.
INSERT INTO "analytics_refresh_state" ("id", "refreshed_through") VALUES (1, '-infinity');

-- The refresh recomputes whole days across tenants: find a day's rows without scanning the table. `day` never
-- changes on the worker's upserts, so this index keeps them HOT-eligible (one on updated_at would not).
CREATE INDEX "usage_rollups_daily_day_idx" ON "usage_rollups_daily"("day");

-- The currency a tenant's usage of one UTC day is billed in: the plan version of the last subscription in force
-- during that day (USD without one). A mid-day change of currency attributes the whole day to the later plan.
CREATE FUNCTION tenant_currency_on(tenant UUID, day TIMESTAMPTZ) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT trim(v.currency)
      FROM subscriptions s JOIN plan_versions v ON v.id = s.plan_version_id
     WHERE s.tenant_id = tenant AND s.starts_at < day + interval '1 day' AND (s.ends_at IS NULL OR s.ends_at > day)
     ORDER BY s.starts_at DESC
     LIMIT 1), 'USD')
$$;
