-- CreateTable
CREATE TABLE "billing_runs" (
    "id" UUID NOT NULL,
    "started_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "tenants_total" INTEGER NOT NULL,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "billing_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_run_tenants" (
    "run_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "invoices" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_run_tenants_pkey" PRIMARY KEY ("run_id","tenant_id")
);

-- CreateIndex
CREATE INDEX "billing_runs_created_at_id_idx" ON "billing_runs"("created_at", "id");

-- CreateIndex
CREATE INDEX "billing_run_tenants_run_id_status_idx" ON "billing_run_tenants"("run_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "billing_run_tenants_tenant_id_period_start_key" ON "billing_run_tenants"("tenant_id", "period_start");

-- AddForeignKey
ALTER TABLE "billing_run_tenants" ADD CONSTRAINT "billing_run_tenants_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "billing_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_run_tenants" ADD CONSTRAINT "billing_run_tenants_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
