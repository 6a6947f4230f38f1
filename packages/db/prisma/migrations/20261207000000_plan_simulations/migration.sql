-- A simulation of a draft plan version over real usage (issue 20): one row per run, queued for the worker.
CREATE TABLE "plan_simulations" (
    "id" UUID NOT NULL,
    "plan_version_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "scope_ref" UUID,
    "window_from" TIMESTAMPTZ(3) NOT NULL,
    "window_to" TIMESTAMPTZ(3) NOT NULL,
    "pricing_snapshot" JSONB NOT NULL,
    "rates_snapshot" JSONB NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "tenants_total" INTEGER,
    "tenants_done" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "plan_simulations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plan_simulations_scope_check" CHECK (scope IN ('tenant', 'plan', 'all')
        AND (scope = 'all') = (scope_ref IS NULL)),
    CONSTRAINT "plan_simulations_status_check" CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    CONSTRAINT "plan_simulations_window_check" CHECK (window_from < window_to)
);

-- One row per simulated tenant; written once per tenant (ON CONFLICT DO NOTHING), so a retried job adds nothing twice.
CREATE TABLE "plan_simulation_results" (
    "simulation_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "tenant_name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "before_amount" DECIMAL(65,30) NOT NULL,
    "after_amount" DECIMAL(65,30) NOT NULL,
    "difference" DECIMAL(65,30) NOT NULL,
    "events" BIGINT NOT NULL,
    "tokens" BIGINT NOT NULL,
    "unrated_after" BIGINT NOT NULL,

    CONSTRAINT "plan_simulation_results_pkey" PRIMARY KEY ("simulation_id", "tenant_id")
);

CREATE INDEX "plan_simulations_created_at_id_idx" ON "plan_simulations"("created_at", "id");
CREATE INDEX "plan_simulations_plan_version_id_idx" ON "plan_simulations"("plan_version_id");
CREATE INDEX "plan_simulation_results_difference_idx" ON "plan_simulation_results"("simulation_id", "difference", "tenant_id");
CREATE INDEX "plan_simulation_results_before_idx" ON "plan_simulation_results"("simulation_id", "before_amount", "tenant_id");
CREATE INDEX "plan_simulation_results_after_idx" ON "plan_simulation_results"("simulation_id", "after_amount", "tenant_id");
CREATE INDEX "plan_simulation_results_tenant_name_idx" ON "plan_simulation_results"("simulation_id", "tenant_name", "tenant_id");

ALTER TABLE "plan_simulations" ADD CONSTRAINT "plan_simulations_plan_version_id_fkey" FOREIGN KEY ("plan_version_id") REFERENCES "plan_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "plan_simulation_results" ADD CONSTRAINT "plan_simulation_results_simulation_id_fkey" FOREIGN KEY ("simulation_id") REFERENCES "plan_simulations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
