import { type Db } from "@tollgate/db";
import { ensureConfiguredOperator, issueSetupToken, SETUP_TOKEN_TTL_MS } from "@tollgate/use-cases/accounts";

export interface FirstOperatorLog {
  info(message: string): void;
  warn(message: string): void;
  error(details: { err: unknown }, message: string): void;
}

export interface FirstOperatorOptions {
  /** TOLLGATE_OPERATOR_EMAIL and TOLLGATE_OPERATOR_PASSWORD, when both are set. */
  configured: { email: string; password: string } | null;
  /** Where the console is reached, for the setup link. */
  publicUrl: string;
  log: FirstOperatorLog;
}

/**
 * At api start: no known credential is ever created. The first operator comes from configuration, or, while there
 * is none, from a one-time setup link printed once per start (only the token's hash is stored; it expires).
 * Returns the link when one was issued.
 */
export async function prepareFirstOperator(db: Db, options: FirstOperatorOptions): Promise<string | null> {
  const { configured, log } = options;
  if (configured) {
    try {
      const created = await ensureConfiguredOperator(db, { ...configured, name: "Operator" });
      log.info(
        created
          ? `created the first operator ${created.email} from TOLLGATE_OPERATOR_EMAIL`
          : "an operator exists: TOLLGATE_OPERATOR_EMAIL/TOLLGATE_OPERATOR_PASSWORD change nothing",
      );
    } catch (error) {
      log.error({ err: error }, "could not create the operator from TOLLGATE_OPERATOR_EMAIL");
    }
  }
  const issued = await issueSetupToken(db);
  if (!issued) return null;
  const link = `${options.publicUrl.replace(/\/+$/, "")}/setup#token=${issued.token}`;
  const minutes = Math.round(SETUP_TOKEN_TTL_MS / 60_000).toString();
  log.warn(
    `no operator exists yet: create the first one at ${link} (works once, for ${minutes} minutes; ` +
      "restart the api for a new link, or set TOLLGATE_OPERATOR_EMAIL and TOLLGATE_OPERATOR_PASSWORD)",
  );
  return link;
}
