-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "billing_anchor_day" SMALLINT NOT NULL DEFAULT 1;

-- ───── Hand-written below: the anchor's range, billing periods by anchor in SQL, the ledger trigger reading it. ─────

ALTER TABLE "tenants"
  ADD CONSTRAINT "tenants_billing_anchor_day_range" CHECK (billing_anchor_day BETWEEN 1 AND 31);

-- The day a period of this anchor starts on in the month beginning at `month_start` (a UTC timestamp): the anchor,
-- or the month's last day when the month is shorter (Stripe's rule: 31 → Feb 28/29, Apr 30).
CREATE FUNCTION billing_anchor_in_month(month_start timestamp, anchor_day integer) RETURNS timestamp
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT month_start + make_interval(days => least(anchor_day,
          extract(day FROM month_start + interval '1 month' - interval '1 day')::integer) - 1) $$;

-- The billing period containing an instant for a tenant's anchor day, as billingPeriodStart in packages/domain
-- (a test keeps the two equal for every anchor). Written without FROM so the planner can inline it; anchor 1, the
-- common case, is the calendar month by date_trunc alone (cheaper than the general rule).
DROP FUNCTION billing_period_start(timestamptz);
CREATE FUNCTION billing_period_start(at timestamptz, anchor_day integer) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (CASE
                  WHEN anchor_day = 1 THEN date_trunc('month', at AT TIME ZONE 'UTC')
                  WHEN billing_anchor_in_month(date_trunc('month', at AT TIME ZONE 'UTC'), anchor_day)
                       <= at AT TIME ZONE 'UTC'
                  THEN billing_anchor_in_month(date_trunc('month', at AT TIME ZONE 'UTC'), anchor_day)
                  ELSE billing_anchor_in_month(date_trunc('month', at AT TIME ZONE 'UTC') - interval '1 month',
                                               anchor_day)
                END) AT TIME ZONE 'UTC' $$;

-- The end of the period starting at `period_start` (the next month's anchor), as billingPeriodEnd in the domain.
CREATE FUNCTION billing_period_end(period_start timestamptz, anchor_day integer) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT billing_anchor_in_month(date_trunc('month', period_start AT TIME ZONE 'UTC') + interval '1 month',
                                       anchor_day) AT TIME ZONE 'UTC' $$;

-- As in 20261206145848_invoicing_core, with each entry's periods taken at its tenant's anchor day.
CREATE OR REPLACE FUNCTION ledger_entries_add_to_period_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7402, hashtext(t.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM new_entries ORDER BY 1) AS t;
  INSERT INTO ledger_period_totals AS p (tenant_id, billed_period_start, origin_period_start, kind, currency,
      model_id, token_type, plan_version_id, description, quantity, amount, entry_count)
  SELECT e.tenant_id,
         CASE WHEN t.billed_through IS NOT NULL AND e.occurred_at < t.billed_through
              THEN t.billed_through ELSE billing_period_start(e.occurred_at, coalesce(t.billing_anchor_day, 1)) END,
         billing_period_start(e.occurred_at, coalesce(t.billing_anchor_day, 1)), e.kind, e.currency,
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
