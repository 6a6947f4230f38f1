import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/**
 * `conflict` when an exact alias being added to `modelId` is already another model's id (ids win, so the alias
 * could never resolve here) or another model's exact alias (which model a name means would be a tie). Globs may
 * overlap freely: the most specific one wins.
 */
export async function assertAliasesFree(db: DbOrTx, modelId: string, added: readonly string[]): Promise<void> {
  const exact = added.filter((alias) => !alias.includes("*"));
  if (exact.length === 0) return;
  const taken = await db.model.findMany({
    where: { id: { not: modelId }, OR: [{ id: { in: exact } }, { aliases: { hasSome: exact } }] },
    select: { id: true, aliases: true },
    orderBy: { id: "asc" },
  });
  const problems = taken.flatMap((other) =>
    exact
      .filter((alias) => alias === other.id || other.aliases.includes(alias))
      .map((alias) => `"${alias}" is already ${alias === other.id ? "the id" : "an alias"} of ${other.id}`),
  );
  if (problems.length > 0) throw new AppError("conflict", `aliases: ${problems.join("; ")}`);
}
