import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrayLiteral, copyRows, copyTextRow } from "../src/bulk/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await database.drop();
});

// Postgres text cannot hold NUL; everything else must come back as sent.
const pgText = fc.string({ unit: "binary", maxLength: 40 }).filter((value) => !value.includes("\u0000"));
const values = fc.array(fc.oneof(pgText, fc.constantFrom("NULL", "", " a ", '"', "\\", "{}", ",", null)), {
  maxLength: 20,
});

describe("bulk parameters and COPY text", () => {
  it("arrayLiteral round-trips any text through a text[] parameter", async () => {
    await fc.assert(
      fc.asyncProperty(values, async (list) => {
        const result = await client.query<{ list: (string | null)[] }>("SELECT $1::text[] AS list", [
          arrayLiteral(list),
        ]);
        expect(result.rows[0]?.list).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });

  it("copyTextRow round-trips any text through COPY", async () => {
    await client.query("CREATE TEMP TABLE copied (position int, a text, b text)");
    const rows = fc.sample(fc.tuple(pgText, fc.option(pgText)), 300);
    await copyRows(
      client,
      "COPY copied (position, a, b) FROM STDIN",
      rows.map(([a, b], index) => copyTextRow([index, a, b])),
    );
    const stored = await client.query<{ a: string; b: string | null }>("SELECT a, b FROM copied ORDER BY position");
    expect(stored.rows.map((row) => [row.a, row.b])).toEqual(rows);
  });
});
