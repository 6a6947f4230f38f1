-- Re-rated hours are read by two refreshes now (the local-day one and the analytics one), each since its own
-- watermark, so a row stays until both are past its changed_at instead of being deleted by the first reader.
-- AlterTable
ALTER TABLE "usage_rollup_changes" ADD COLUMN     "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
