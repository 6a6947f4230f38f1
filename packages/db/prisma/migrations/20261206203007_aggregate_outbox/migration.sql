-- CreateTable
CREATE TABLE "aggregate_outbox" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "aggregate_outbox_pkey" PRIMARY KEY ("id")
);

-- The parameters are written once, read at most once (by the drain, after a crash) and deleted within
-- milliseconds: stored uncompressed, so the recording transaction does not spend its time compressing them.
ALTER TABLE "aggregate_outbox" ALTER COLUMN "params" SET STORAGE EXTERNAL;
ALTER TABLE "aggregate_outbox" ADD CONSTRAINT "aggregate_outbox_kind" CHECK ("kind" IN ('daily_rollups', 'task_totals'));
