-- Re-rated hours are read by two refreshes now (the local-day one and the analytics one), each since its own
-- watermark, so a row stays until both are past its changed_at instead of being deleted by the first reader.
-- AlterTable
ALTER TABLE "usage_rollup_changes" ADD COLUMN     "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Both rollup refreshes find recent events through this BRIN index; a block range nobody has summarized yet is read
-- whole by every scan, and autovacuum's insert-driven vacuum (which summarizes) comes only every ~20 % of the table.
-- Summarizing each range as soon as it fills keeps a refresh's read to the ranges since its watermark.
ALTER INDEX "usage_events_inserted_at_brin" SET (autosummarize = on);
