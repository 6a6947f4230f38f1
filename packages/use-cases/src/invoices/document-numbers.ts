import { formatDocumentNumber, type DocumentSeries } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";

/**
 * The next number of a series, from its counter row: the upsert locks the row until the transaction ends, so a
 * rolled-back close gives its number back and concurrent closes queue for the next one (no gaps, no repeats).
 * Take it last in the transaction: everyone else numbering in the same series waits from here to the commit.
 */
export async function nextDocumentNumber(tx: DbTx, issuer: string, series: DocumentSeries, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const rows = await tx.$queryRaw<{ last_number: number }[]>`
    INSERT INTO document_number_counters AS c (issuer, series, year, last_number)
    VALUES (${issuer}, ${series}, ${year}, 1)
    ON CONFLICT (issuer, series, year) DO UPDATE SET last_number = c.last_number + 1
    RETURNING last_number`;
  const sequence = rows[0]?.last_number;
  if (sequence === undefined) throw new Error("document number counter returned no row");
  return formatDocumentNumber(issuer, series, year, sequence);
}
