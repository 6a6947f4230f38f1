-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "prepaid" BOOLEAN NOT NULL DEFAULT false;
