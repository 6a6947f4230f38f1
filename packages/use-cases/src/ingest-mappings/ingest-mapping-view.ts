import { type IngestMappingConfig, type IngestMappingSource } from "@tollgate/domain";

export interface IngestMappingView<S extends IngestMappingSource = IngestMappingSource> {
  id: string;
  tenantId: string;
  source: S;
  key: string;
  config: IngestMappingConfig<S>;
  createdAt: Date;
  updatedAt: Date;
}
