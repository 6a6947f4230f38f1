-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "billing_anchor_changes_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_billing_anchor_day" SMALLINT;

-- ───── Hand-written below: a dated anchor change (issue 19), periods by the schedule in SQL, the trigger reading it. ─────

ALTER TABLE "tenants"
  ADD CONSTRAINT "tenants_next_billing_anchor_day_range" CHECK (next_billing_anchor_day BETWEEN 1 AND 31),
  ADD CONSTRAINT "tenants_billing_anchor_change_complete"
    CHECK ((next_billing_anchor_day IS NULL) = (billing_anchor_changes_at IS NULL));

-- The billing period containing an instant for an anchor with at most one dated change, as billingPeriodStart(at,
-- schedule) in packages/domain (a test keeps them equal): before the change the old day's periods, from it the new
-- day's, the first of them starting at the change itself (a short period). Inlinable; no change → the 2-argument rule.
CREATE FUNCTION billing_period_start(at timestamptz, anchor_day integer, next_anchor_day integer,
                                     anchor_changes_at timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE
                 WHEN anchor_changes_at IS NULL OR next_anchor_day IS NULL OR at < anchor_changes_at
                 THEN billing_period_start(at, anchor_day)
                 ELSE greatest(anchor_changes_at, billing_period_start(at, next_anchor_day))
               END $$;

-- The end of the period starting at `period_start` under the same schedule, as billingPeriodEnd in the domain.
CREATE FUNCTION billing_period_end(period_start timestamptz, anchor_day integer, next_anchor_day integer,
                                   anchor_changes_at timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE
                 WHEN anchor_changes_at IS NULL OR next_anchor_day IS NULL
                 THEN billing_period_end(billing_period_start(period_start, anchor_day), anchor_day)
                 WHEN period_start < anchor_changes_at
                 THEN least(anchor_changes_at,
                            billing_period_end(billing_period_start(period_start, anchor_day), anchor_day))
                 ELSE billing_period_end(billing_period_start(period_start, next_anchor_day), next_anchor_day)
               END $$;

-- As in 20261206171411_billing_anchor_day, with each entry's periods taken by its tenant's anchor schedule.
CREATE OR REPLACE FUNCTION ledger_entries_add_to_period_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7402, hashtext(t.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM new_entries ORDER BY 1) AS t;
  INSERT INTO ledger_period_totals AS p (tenant_id, billed_period_start, origin_period_start, kind, currency,
      model_id, token_type, plan_version_id, description, quantity, amount, entry_count)
  SELECT e.tenant_id,
         CASE WHEN t.billed_through IS NOT NULL AND e.occurred_at < t.billed_through
              THEN t.billed_through
              ELSE billing_period_start(e.occurred_at, coalesce(t.billing_anchor_day, 1), t.next_billing_anchor_day,
                                        t.billing_anchor_changes_at) END,
         billing_period_start(e.occurred_at, coalesce(t.billing_anchor_day, 1), t.next_billing_anchor_day,
                              t.billing_anchor_changes_at), e.kind, e.currency,
         coalesce(e.model_id, ''), coalesce(e.token_type::text, ''), coalesce(e.plan_version_id::text, ''),
         e.description, sum(coalesce(e.quantity, 0)), sum(e.amount), count(*)
    FROM new_entries e LEFT JOIN tenants t ON t.id = e.tenant_id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
   -- One lock order for every writer, so concurrent jobs queue up instead of deadlocking.
   ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (tenant_id, billed_period_start, origin_period_start, kind, currency, model_id, token_type,
               plan_version_id, description)
  DO UPDATE SET quantity = p.quantity + EXCLUDED.quantity, amount = p.amount + EXCLUDED.amount,
                entry_count = p.entry_count + EXCLUDED.entry_count, updated_at = now();
  RETURN NULL;
END $$;
