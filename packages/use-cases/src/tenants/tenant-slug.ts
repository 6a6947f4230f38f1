import { randomUUID } from "node:crypto";
import { AppError } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";

const MAX_ATTEMPTS = 100;

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "tenant";
}

/**
 * Inserts a tenant under `base`, or when that is taken `base-N` with N one above the highest in use (not a count of
 * similar slugs, which "Collide 2" then "Collide" made collide forever); returns its id. ON CONFLICT DO NOTHING
 * waits for a concurrent insert of the same slug and then moves on instead of failing the transaction, so
 * concurrent creates of one name all succeed with distinct slugs.
 */
export async function insertTenantWithFreeSlug(tx: DbTx, name: string): Promise<string> {
  const base = slugify(name);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const slug = await nextFreeSlug(tx, base);
    const id = randomUUID();
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO tenants (id, slug, name) VALUES (${id}::uuid, ${slug}, ${name})
      ON CONFLICT (slug) DO NOTHING RETURNING id::text`;
    if (inserted.length === 1) return id;
  }
  throw new AppError("conflict", `no free slug for '${base}': retry`);
}

async function nextFreeSlug(tx: DbTx, base: string): Promise<string> {
  // slugify leaves only [a-z0-9-]: nothing in `base` is a LIKE wildcard.
  const rows = await tx.$queryRaw<{ slug: string }[]>`
    SELECT slug FROM tenants WHERE slug = ${base} OR slug LIKE ${`${base}-%`}`;
  const numbered = new RegExp(`^${base}(?:-([0-9]{1,9}))?$`);
  let baseTaken = false;
  let highest = 1;
  for (const { slug } of rows) {
    const match = numbered.exec(slug);
    if (match?.[1] === undefined) baseTaken ||= match !== null;
    else highest = Math.max(highest, Number(match[1]));
  }
  return baseTaken ? `${base}-${(highest + 1).toString()}` : base;
}
