-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "reported_cost" DECIMAL(65,30);
