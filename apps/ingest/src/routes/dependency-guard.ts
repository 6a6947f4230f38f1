import { AppError } from "@tollgate/domain";
import type { FastifyBaseLogger } from "fastify";
import { serviceFailure } from "./service-failures.ts";

/** Runs work that needs Redis or Postgres; a failure there becomes a 503/429 for the client, logged once here. */
export async function failingAs<T>(
  dependency: "redis" | "postgres",
  work: () => Promise<T>,
  log: FastifyBaseLogger,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) log.error({ err: error, dependency }, "dependency failed");
    throw serviceFailure(dependency, error);
  }
}
