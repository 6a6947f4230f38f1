-- AlterTable
ALTER TABLE "credit_grants" ADD COLUMN     "remaining" DECIMAL(65,30) NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "ledger_entries_credit_grant_id_idx" ON "ledger_entries"("credit_grant_id") WHERE (credit_grant_id IS NOT NULL);

-- Grants made before this column existed had no usage applied yet.
UPDATE "credit_grants" SET "remaining" = "amount" WHERE "voided_at" IS NULL;
