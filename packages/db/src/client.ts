import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import type { Prisma } from "./generated/prisma/client.ts";

export type Db = InstanceType<typeof PrismaClient>;
/** A transaction handle; service functions accept either this or a Db. */
export type DbTx = Prisma.TransactionClient;
export type DbOrTx = Db | DbTx;

export interface DbClientOptions {
  /** Pool size; each process sizes its own. */
  maxConnections?: number;
}

export function createDbClient(databaseUrl: string, options: DbClientOptions = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
