import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { ColumnTypeEnum, type SqlQueryable } from "@prisma/driver-adapter-utils";
import { CharAsTextClient, charColumnsOf } from "./char-as-text-client.ts";
import { databaseNameOf, withDatabase } from "./database-url.ts";

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/** Gives columns that were Postgres "char" the Character type the engine expects (see char-as-text-client.ts). */
function typeCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsOf(result.rows)) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

/**
 * Runs a whole script in one round trip (simple query protocol), instead of adapter-pg's naive split on ';', and
 * types "char" columns in every query, in or out of transactions.
 */
function adaptForSchemaEngine(adapter: PgAdapter, pool: pg.Pool): PgAdapter {
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => typeCharColumns(await startTransaction(isolationLevel));
  return typeCharColumns(adapter);
}

/**
 * A migration-aware adapter factory for the WebAssembly schema engine. Its shadow database is a throw-away database
 * whose pool is ended before it is force-dropped (adapter-pg's own drops it while the pool is still open, and fails).
 */
export class MigrationAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";

  // The engine never disposes the main adapter; we end every pool we made on close so the process can exit at once.
  private readonly pools = new Set<pg.Pool>();

  constructor(private readonly databaseUrl: string) {}

  private createPool(url: string): pg.Pool {
    const pool = new pg.Pool({
      connectionString: url,
      max: 2,
      Client: CharAsTextClient as unknown as typeof pg.Client,
    });
    this.pools.add(pool);
    return pool;
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools];
    this.pools.clear();
    await Promise.all(pools.filter((pool) => !pool.ended).map((pool) => pool.end()));
  }

  async connect(): Promise<PgAdapter> {
    const pool = this.createPool(this.databaseUrl);
    return adaptForSchemaEngine(await new PrismaPg(pool).connect(), pool);
  }

  async connectToShadowDb(): Promise<PgAdapter> {
    const shadowName = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ connectionString: withDatabase(this.databaseUrl, "postgres") });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${shadowName}"`);
    } finally {
      await admin.end();
    }
    const pool = this.createPool(withDatabase(this.databaseUrl, shadowName));
    const adapter = adaptForSchemaEngine(await new PrismaPg(pool).connect(), pool);
    adapter.dispose = async () => {
      this.pools.delete(pool);
      await pool.end();
      const dropper = new pg.Client({ connectionString: withDatabase(this.databaseUrl, "postgres") });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    };
    return adapter;
  }

  get databaseName(): string {
    return databaseNameOf(this.databaseUrl);
  }
}
