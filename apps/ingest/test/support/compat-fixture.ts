import type { QueuedUsageEvent } from "@tollgate/domain";
import type { UsageGroup } from "@tollgate/queues";
import { createIngestDatabase, startTestIngest, type IngestDatabase, type TestIngest } from "./ingest-fixture.ts";

/** Mappings are set up as an operator sets them (ingest-mapping changes are audited with the actor). */
export const MAPPING_CHANGE = { actor: { kind: "operator_key", keyId: null, prefix: "tg_test" } } as const;

/** An ingest runtime listening on a real port, so the products' own npm clients can be pointed at it. */
export interface ListeningIngest {
  database: IngestDatabase;
  ingest: TestIngest;
  port: number;
  baseUrl: string;
  /** Every queued copy of an event id, with the job payload that holds it. */
  queued(eventId: string): Promise<{ group: UsageGroup; event: QueuedUsageEvent }[]>;
  close(): Promise<void>;
}

export async function startListeningIngest(
  prepare: (database: IngestDatabase) => Promise<void> = () => Promise.resolve(),
): Promise<ListeningIngest> {
  const database = await createIngestDatabase();
  // Mappings exist before the first request, so the mapping cache never holds a stale copy in these tests.
  await prepare(database);
  const ingest = await startTestIngest(database);
  await ingest.runtime.app.listen({ host: "127.0.0.1", port: 0 });
  const address = ingest.runtime.app.server.address();
  if (address === null || typeof address === "string") throw new Error("ingest is not listening on a TCP port");
  return {
    database,
    ingest,
    port: address.port,
    baseUrl: `http://127.0.0.1:${address.port.toString()}`,
    async queued(eventId) {
      const groups = await ingest.storedGroups();
      return groups.flatMap((group) =>
        group.events.filter((event) => event.id === eventId).map((event) => ({ group, event })),
      );
    },
    async close() {
      await ingest.close();
      await database.drop();
    },
  };
}
