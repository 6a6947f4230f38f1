// Storage only: the client factory, the generated Prisma types and enums, and database error translation. COPY
// helpers are in `@tollgate/db/bulk`; use cases live in `@tollgate/use-cases/<area>`.
export { createDbClient, type Db, type DbOrTx, type DbTx } from "./client.ts";
export * from "./generated/prisma/enums.ts";
export { Prisma, type ApiKey } from "./generated/prisma/client.ts";
export * from "./store/price-in-force.ts";
export { translateDatabaseError } from "./database-errors.ts";
