-- CreateTable
CREATE TABLE "reconciliation_runs" (
    "id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'running',
    "periods_from" TIMESTAMPTZ(3) NOT NULL,
    "tenants_checked" INTEGER NOT NULL DEFAULT 0,
    "event_periods_checked" INTEGER NOT NULL DEFAULT 0,
    "invoices_checked" INTEGER NOT NULL DEFAULT 0,
    "findings_count" INTEGER NOT NULL DEFAULT 0,
    "events_resume_after" UUID,
    "error" TEXT,

    CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_findings" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "check" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "expected" DECIMAL(65,30) NOT NULL,
    "actual" DECIMAL(65,30) NOT NULL,
    "difference" DECIMAL(65,30) NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "reconciliation_findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reconciliation_runs_started_at_idx" ON "reconciliation_runs"("started_at");

-- CreateIndex
CREATE INDEX "reconciliation_findings_run_id_idx" ON "reconciliation_findings"("run_id");

-- CreateIndex
CREATE INDEX "reconciliation_findings_tenant_id_period_start_idx" ON "reconciliation_findings"("tenant_id", "period_start");

-- AddForeignKey
ALTER TABLE "reconciliation_findings" ADD CONSTRAINT "reconciliation_findings_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───── Hand-written below. ─────
ALTER TABLE "reconciliation_runs"
  ADD CONSTRAINT "reconciliation_runs_status_check" CHECK (status IN ('running', 'clean', 'drift', 'failed'));
ALTER TABLE "reconciliation_findings"
  ADD CONSTRAINT "reconciliation_findings_check_check"
    CHECK ("check" IN ('ledger_vs_events', 'ledger_vs_period_totals', 'invoice_vs_ledger'));
