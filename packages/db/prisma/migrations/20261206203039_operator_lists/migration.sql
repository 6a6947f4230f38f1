-- CreateIndex
CREATE INDEX "alerts_unread_idx" ON "alerts"("tenant_id") WHERE (read_at IS NULL);

-- CreateIndex
CREATE INDEX "audit_log_tenant_id_id_idx" ON "audit_log"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_idx" ON "audit_log"("actor", "id");

-- CreateIndex
CREATE INDEX "tenants_name_id_idx" ON "tenants"("name", "id");
