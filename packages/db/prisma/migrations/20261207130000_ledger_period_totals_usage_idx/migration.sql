-- The operators' tenant list by spend reads every tenant's current-period usage charges in one range of this index.
-- CreateIndex
CREATE INDEX "ledger_period_totals_usage_idx" ON "ledger_period_totals"("billed_period_start") WHERE (kind = 'usage_charge' AND billed_period_start = origin_period_start);
