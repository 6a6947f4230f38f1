-- CreateTable
CREATE TABLE "usage_task_month_totals" (
    "tenant_id" UUID NOT NULL,
    "month" TIMESTAMPTZ(3) NOT NULL,
    "task_id" TEXT NOT NULL,
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

    CONSTRAINT "usage_task_month_totals_pkey" PRIMARY KEY ("tenant_id","month","task_id")
);

-- CreateIndex
CREATE INDEX "usage_task_month_totals_amount_idx" ON "usage_task_month_totals"("tenant_id", "month", "amount" DESC, "task_id");

-- CreateIndex
CREATE INDEX "usage_task_totals_agent_idx" ON "usage_task_totals"("tenant_id", "month", "agent");

-- ───── Hand-written below: usage_task_totals' rows summed per task, kept by statement triggers. ─────

-- The task list ranks a month's tasks by their sums over models: from usage_task_totals that aggregates every row
-- of the month per read (~3 s for the 300,000 tasks of an agent-heavy tenant). Each statement's changes are added
-- per task (new − old, summed per key first; ON CONFLICT cannot touch a row twice), in the key order the worker
-- locks usage_task_totals in, so concurrent applies queue instead of deadlocking. The agent is the least non-empty
-- one of the task's rows (a row's agent only ever goes from '' to a value), as the list's min(NULLIF(agent, '')).
-- In triggers, so every writer (the worker's outbox apply, tests, fixtures) is covered.
-- Two functions, static SQL each (a plan kept per session): an INSERT trigger cannot name an old table.
CREATE OR REPLACE FUNCTION usage_task_totals_insert_to_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_task_month_totals AS m (tenant_id, month, task_id, agent, first_seen_at, last_seen_at,
    event_count, unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
    reasoning_tokens, amount)
  SELECT n.tenant_id, n.month, n.task_id, coalesce(min(NULLIF(n.agent, '')), ''), min(n.first_seen_at),
         max(n.last_seen_at), sum(n.event_count), sum(n.unrated_count), sum(n.input_tokens),
         sum(n.cached_input_tokens), sum(n.cache_write_tokens), sum(n.output_tokens), sum(n.reasoning_tokens),
         sum(n.amount)
    FROM new_rows n
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (tenant_id, month, task_id) DO UPDATE SET
    agent = coalesce(LEAST(NULLIF(m.agent, ''), NULLIF(EXCLUDED.agent, '')), ''),
    first_seen_at = LEAST(m.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(m.last_seen_at, EXCLUDED.last_seen_at),
    event_count = m.event_count + EXCLUDED.event_count,
    unrated_count = m.unrated_count + EXCLUDED.unrated_count,
    input_tokens = m.input_tokens + EXCLUDED.input_tokens,
    cached_input_tokens = m.cached_input_tokens + EXCLUDED.cached_input_tokens,
    cache_write_tokens = m.cache_write_tokens + EXCLUDED.cache_write_tokens,
    output_tokens = m.output_tokens + EXCLUDED.output_tokens,
    reasoning_tokens = m.reasoning_tokens + EXCLUDED.reasoning_tokens,
    amount = m.amount + EXCLUDED.amount;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION usage_task_totals_update_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_task_month_totals AS m (tenant_id, month, task_id, agent, first_seen_at, last_seen_at,
    event_count, unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
    reasoning_tokens, amount)
  SELECT n.tenant_id, n.month, n.task_id, coalesce(min(NULLIF(n.agent, '')), ''), min(n.first_seen_at),
         max(n.last_seen_at), sum(n.event_count - o.event_count), sum(n.unrated_count - o.unrated_count),
         sum(n.input_tokens - o.input_tokens), sum(n.cached_input_tokens - o.cached_input_tokens),
         sum(n.cache_write_tokens - o.cache_write_tokens), sum(n.output_tokens - o.output_tokens),
         sum(n.reasoning_tokens - o.reasoning_tokens), sum(n.amount - o.amount)
    FROM new_rows n
    JOIN old_rows o USING (tenant_id, month, task_id, model_id)
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3
  ON CONFLICT (tenant_id, month, task_id) DO UPDATE SET
    agent = coalesce(LEAST(NULLIF(m.agent, ''), NULLIF(EXCLUDED.agent, '')), ''),
    first_seen_at = LEAST(m.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(m.last_seen_at, EXCLUDED.last_seen_at),
    event_count = m.event_count + EXCLUDED.event_count,
    unrated_count = m.unrated_count + EXCLUDED.unrated_count,
    input_tokens = m.input_tokens + EXCLUDED.input_tokens,
    cached_input_tokens = m.cached_input_tokens + EXCLUDED.cached_input_tokens,
    cache_write_tokens = m.cache_write_tokens + EXCLUDED.cache_write_tokens,
    output_tokens = m.output_tokens + EXCLUDED.output_tokens,
    reasoning_tokens = m.reasoning_tokens + EXCLUDED.reasoning_tokens,
    amount = m.amount + EXCLUDED.amount;
  RETURN NULL;
END $$;

-- A delete (nothing deletes usage rows today) recounts its tasks from what is left: first and last seen and the
-- agent cannot be taken off a sum. A task left without rows goes, as it leaves the per-model list.
CREATE OR REPLACE FUNCTION usage_task_totals_remove_from_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM usage_task_month_totals m
   USING (SELECT DISTINCT tenant_id, month, task_id FROM old_rows) d
   WHERE m.tenant_id = d.tenant_id AND m.month = d.month AND m.task_id = d.task_id;
  INSERT INTO usage_task_month_totals (tenant_id, month, task_id, agent, first_seen_at, last_seen_at, event_count,
    unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount)
  SELECT t.tenant_id, t.month, t.task_id, coalesce(min(NULLIF(t.agent, '')), ''), min(t.first_seen_at),
         max(t.last_seen_at), sum(t.event_count), sum(t.unrated_count), sum(t.input_tokens),
         sum(t.cached_input_tokens), sum(t.cache_write_tokens), sum(t.output_tokens), sum(t.reasoning_tokens),
         sum(t.amount)
    FROM usage_task_totals t
    JOIN (SELECT DISTINCT tenant_id, month, task_id FROM old_rows) d USING (tenant_id, month, task_id)
   GROUP BY 1, 2, 3
   ORDER BY 1, 2, 3;
  RETURN NULL;
END $$;

-- Emptied with its source, so a TRUNCATE leaves no task behind.
CREATE OR REPLACE FUNCTION usage_task_totals_truncate_month_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE usage_task_month_totals;
  RETURN NULL;
END $$;

CREATE TRIGGER usage_task_totals_inserted AFTER INSERT ON usage_task_totals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_task_totals_insert_to_month_totals();
CREATE TRIGGER usage_task_totals_updated AFTER UPDATE ON usage_task_totals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION usage_task_totals_update_month_totals();
CREATE TRIGGER usage_task_totals_deleted AFTER DELETE ON usage_task_totals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_task_totals_remove_from_month_totals();
CREATE TRIGGER usage_task_totals_truncated AFTER TRUNCATE ON usage_task_totals
  FOR EACH STATEMENT EXECUTE FUNCTION usage_task_totals_truncate_month_totals();

-- The tasks recorded so far.
INSERT INTO usage_task_month_totals (tenant_id, month, task_id, agent, first_seen_at, last_seen_at, event_count,
  unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount)
SELECT tenant_id, month, task_id, coalesce(min(NULLIF(agent, '')), ''), min(first_seen_at), max(last_seen_at),
       sum(event_count), sum(unrated_count), sum(input_tokens), sum(cached_input_tokens), sum(cache_write_tokens),
       sum(output_tokens), sum(reasoning_tokens), sum(amount)
  FROM usage_task_totals
 GROUP BY 1, 2, 3;
