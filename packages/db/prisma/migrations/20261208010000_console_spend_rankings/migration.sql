-- CreateTable
CREATE TABLE "tenant_period_spend" (
    "tenant_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL DEFAULT 0,

    CONSTRAINT "tenant_period_spend_pkey" PRIMARY KEY ("tenant_id","period_start","currency")
);

-- CreateIndex
CREATE INDEX "tenant_period_spend_period_start_idx" ON "tenant_period_spend"("period_start");

-- ───── Top tenants: per-tenant window totals kept by the analytics refresh (generated) ─────

-- AlterTable
ALTER TABLE "analytics_refresh_state" ADD COLUMN     "windows_week_to" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "usage_rollups_tenant_windows" (
    "week_to" TIMESTAMPTZ(3) NOT NULL,
    "weeks" SMALLINT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "tenant_id" UUID NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "cost" DECIMAL(65,30) NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollups_tenant_windows_pkey" PRIMARY KEY ("week_to","weeks","currency","tenant_id")
);

-- CreateIndex
CREATE INDEX "usage_rollups_tenant_windows_rank_idx" ON "usage_rollups_tenant_windows"("week_to", "weeks", "currency", "amount" DESC, "tokens" DESC, "tenant_id");

-- ───── Hand-written below: the ledger trigger defers each statement's usage charges to aggregate_outbox. ─────

ALTER TABLE "aggregate_outbox" DROP CONSTRAINT "aggregate_outbox_kind";
ALTER TABLE "aggregate_outbox" ADD CONSTRAINT "aggregate_outbox_kind"
  CHECK ("kind" IN ('daily_rollups', 'task_totals', 'tenant_spend'));

-- As in 20261207120000_billing_anchor_change, plus one aggregate_outbox row (kind tenant_spend) per statement with
-- its usage charges billed in their own period, summed per tenant, period and currency: the same keys and amounts
-- ledger_period_totals receives, so tenant_period_spend (applied from the outbox after the commit by the worker)
-- plus the outbox rows not yet applied equals the usage_charge rows of ledger_period_totals with billed = origin.
-- In the trigger, so every writer of the ledger (recording, the unrated sweep, credit notes, tests) is covered. A
-- plain insert: no per-tenant row is locked here (that would serialize a busy tenant's jobs until their commit).
CREATE OR REPLACE FUNCTION ledger_entries_add_to_period_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7402, hashtext(t.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM new_entries ORDER BY 1) AS t;
  WITH grouped AS (
    SELECT e.tenant_id,
           CASE WHEN t.billed_through IS NOT NULL AND e.occurred_at < t.billed_through
                THEN t.billed_through
                ELSE billing_period_start(e.occurred_at, coalesce(t.billing_anchor_day, 1), t.next_billing_anchor_day,
                                          t.billing_anchor_changes_at) END AS billed_period_start,
           billing_period_start(e.occurred_at, coalesce(t.billing_anchor_day, 1), t.next_billing_anchor_day,
                                t.billing_anchor_changes_at) AS origin_period_start,
           e.kind, e.currency, coalesce(e.model_id, '') AS model_id, coalesce(e.token_type::text, '') AS token_type,
           coalesce(e.plan_version_id::text, '') AS plan_version_id, e.description,
           sum(coalesce(e.quantity, 0)) AS quantity, sum(e.amount) AS amount, count(*) AS entry_count
      FROM new_entries e LEFT JOIN tenants t ON t.id = e.tenant_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ),
  -- Executed to completion although nothing reads it (a data-modifying WITH always is).
  added AS (
    INSERT INTO ledger_period_totals AS p (tenant_id, billed_period_start, origin_period_start, kind, currency,
        model_id, token_type, plan_version_id, description, quantity, amount, entry_count)
    SELECT * FROM grouped
     -- One lock order for every writer, so concurrent jobs queue up instead of deadlocking.
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ON CONFLICT (tenant_id, billed_period_start, origin_period_start, kind, currency, model_id, token_type,
                 plan_version_id, description)
    DO UPDATE SET quantity = p.quantity + EXCLUDED.quantity, amount = p.amount + EXCLUDED.amount,
                  entry_count = p.entry_count + EXCLUDED.entry_count, updated_at = now()
  )
  -- The params as the worker's deferred upserts read them: a JSON array of array literals, one per column.
  INSERT INTO aggregate_outbox (kind, params)
  SELECT 'tenant_spend',
         json_build_array(array_agg(s.tenant_id ORDER BY s.tenant_id, s.period_start, s.currency)::text,
                          array_agg(s.period_start ORDER BY s.tenant_id, s.period_start, s.currency)::text,
                          array_agg(s.currency ORDER BY s.tenant_id, s.period_start, s.currency)::text,
                          array_agg(s.amount ORDER BY s.tenant_id, s.period_start, s.currency)::text)::text
    FROM (SELECT g.tenant_id, g.billed_period_start AS period_start, g.currency, sum(g.amount) AS amount
            FROM grouped g
           WHERE g.kind = 'usage_charge' AND g.billed_period_start = g.origin_period_start
           GROUP BY 1, 2, 3) s
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- Every period's totals so far (no tenant_spend row is in the outbox yet: the trigger above writes the first).
INSERT INTO tenant_period_spend (tenant_id, period_start, currency, amount)
SELECT tenant_id, billed_period_start, currency, sum(amount)
  FROM ledger_period_totals
 WHERE kind = 'usage_charge' AND billed_period_start = origin_period_start
 GROUP BY 1, 2, 3;
