-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "low_credit_alert_days" SMALLINT;

-- CreateIndex
CREATE INDEX "tenants_low_credit_alert_days_idx" ON "tenants"("id") WHERE (low_credit_alert_days IS NOT NULL);

-- ───── Hand-written below: the setting's range, the new alert kind as a webhook event. ─────

ALTER TABLE "tenants"
  ADD CONSTRAINT "tenants_low_credit_alert_days_range" CHECK (low_credit_alert_days BETWEEN 1 AND 90);

-- As in 20261206145844_webhooks, with credit.depletion_forecast (the scan's alert) among the kinds that become
-- webhook events.
DROP TRIGGER alerts_to_webhook_events ON alerts;
CREATE TRIGGER alerts_to_webhook_events
  AFTER INSERT ON alerts
  FOR EACH ROW
  WHEN (NEW.kind IN ('budget.threshold_crossed', 'credit.low', 'credit.exhausted', 'credit.depletion_forecast',
                     'webhook.endpoint_disabled'))
  EXECUTE FUNCTION webhook_event_from_alert();
