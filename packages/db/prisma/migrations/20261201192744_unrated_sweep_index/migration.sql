-- DropIndex
DROP INDEX "usage_events_unrated_idx";

-- CreateIndex
CREATE INDEX "usage_events_unrated_idx" ON "usage_events"("tenant_id", "occurred_at", "event_id") WHERE (rating_status = 'unrated');
