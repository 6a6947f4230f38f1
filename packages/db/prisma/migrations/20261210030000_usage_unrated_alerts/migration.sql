-- usage.unrated becomes an alert kind (the tenant's alerts list shows unpriced usage) and, like the other alert kinds
-- that are webhook event types, reaches webhooks only through the alerts trigger: the usage job writes the alert, the
-- trigger the event (same type, dedupe key and payload as the job wrote before), so there is one writer path.
DROP TRIGGER alerts_to_webhook_events ON alerts;
CREATE TRIGGER alerts_to_webhook_events
  AFTER INSERT ON alerts
  FOR EACH ROW
  WHEN (NEW.kind IN ('budget.threshold_crossed', 'credit.low', 'credit.exhausted', 'credit.depletion_forecast',
                     'usage.unrated', 'webhook.endpoint_disabled'))
  EXECUTE FUNCTION webhook_event_from_alert();

-- The usage.unrated events written before this migration become alerts too (unread, at their event's time), so the
-- list does not start empty where webhooks already told of unpriced usage. The trigger's event insert meets the
-- existing event's (tenant, dedupe key) and adds nothing.
INSERT INTO alerts (tenant_id, kind, dedupe_key, payload, created_at)
SELECT tenant_id, type, dedupe_key, payload, created_at
  FROM webhook_events
 WHERE type = 'usage.unrated'
ON CONFLICT (tenant_id, dedupe_key) DO NOTHING;
