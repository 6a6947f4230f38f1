-- Plan simulations apply the tenant's credit grants to both sides (issue 20). Results stored before this change had
-- no credits computed: they keep 0 credits, so their net difference is their difference.
ALTER TABLE "plan_simulation_results" ADD COLUMN "before_credits" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN "after_credits" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN "net_difference" DECIMAL(65,30) NOT NULL DEFAULT 0;

UPDATE "plan_simulation_results" SET "net_difference" = "difference";

-- CreateIndex
CREATE INDEX "plan_simulation_results_net_difference_idx" ON "plan_simulation_results"("simulation_id", "net_difference", "tenant_id");
