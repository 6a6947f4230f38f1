-- CreateIndex
-- The pipeline page's ingest→ledger lag reads the events recorded in the last minutes; a BRIN index finds them in
-- a few block ranges (rows are appended in inserted_at order) at almost no cost to the worker's writes.
CREATE INDEX "usage_events_inserted_at_brin" ON "usage_events" USING BRIN ("inserted_at");
