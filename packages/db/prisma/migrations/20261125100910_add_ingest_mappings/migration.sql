-- CreateEnum
CREATE TYPE "ingest_mapping_source" AS ENUM ('lago', 'stripe');

-- CreateTable
CREATE TABLE "ingest_mappings" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "source" "ingest_mapping_source" NOT NULL,
    "key" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ingest_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ingest_mappings_tenant_id_source_key_key" ON "ingest_mappings"("tenant_id", "source", "key");

-- AddForeignKey
ALTER TABLE "ingest_mappings" ADD CONSTRAINT "ingest_mappings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
