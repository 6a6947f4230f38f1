/**
 * A mapping as its audit entries record it: what ingest applies (source, code or event name, config), not its id,
 * tenant or timestamps, which the entry holds itself. Config as stored (JSON), so the console diffs it by field.
 */
export function ingestMappingAuditRecord(mapping: { source: string; key: string; config: unknown }): {
  source: string;
  key: string;
  config: unknown;
} {
  return { source: mapping.source, key: mapping.key, config: mapping.config };
}
