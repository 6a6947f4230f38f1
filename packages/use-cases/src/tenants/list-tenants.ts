import { Prisma, type DbOrTx } from "@tollgate/db";

export interface TenantListQuery {
  /**
   * Part of the name (anywhere in it), the start of the slug, or the start of the id, any case; absent or blank:
   * every tenant.
   */
  search?: string | undefined;
  /** At most this many; absent: all of them (the picker's callers before search had no limit). */
  limit?: number | undefined;
  /** Only these tenants (a page's rows naming their tenants), whatever the search; absent: no such restriction. */
  ids?: readonly string[] | undefined;
}

export interface TenantListRow {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
}

/** `%` and `_` are LIKE wildcards and `\` its escape: searched for literally. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Tenants by name, optionally searched (operators only: the caller checks). A search ranks the closer matches
 * first so the few rows a picker shows are the useful ones: the tenant whose id it is, then names that start
 * with the text, then names or slugs containing it; by name (id for equal names) within each.
 */
export async function listTenants(db: DbOrTx, query: TenantListQuery = {}): Promise<TenantListRow[]> {
  const search = query.search?.trim() ?? "";
  if (query.ids !== undefined) {
    // The rows' names only: never the whole directory for a page of 50 invoices.
    return db.tenant.findMany({
      where: { id: { in: [...query.ids] } },
      select: { id: true, name: true, slug: true, createdAt: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      ...(query.limit === undefined ? {} : { take: query.limit }),
    });
  }
  if (search === "") {
    return db.tenant.findMany({
      select: { id: true, name: true, slug: true, createdAt: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      ...(query.limit === undefined ? {} : { take: query.limit }),
    });
  }
  const escaped = likeEscape(search);
  const prefix = `${escaped}%`;
  const contains = `%${escaped}%`;
  const limit = query.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${query.limit}`;
  return db.$queryRaw<TenantListRow[]>`
    SELECT id, name, slug, created_at AS "createdAt"
    FROM tenants
    WHERE name ILIKE ${contains} OR slug ILIKE ${prefix} OR id::text ILIKE ${prefix}
    ORDER BY
      CASE WHEN id::text = lower(${search}) THEN 0 WHEN name ILIKE ${prefix} THEN 1 ELSE 2 END,
      name, id
    ${limit}`;
}
