import { translateDatabaseError } from "@tollgate/db";
import { AppError } from "@tollgate/domain";
import { requirePrincipal } from "@tollgate/http";
import { appRouter, createCallerFactory, type Context } from "@tollgate/trpc";
import { TRPCError } from "@trpc/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import { parseAdmin } from "./parse-request.ts";
import { failedJobsPort, type QueueOf } from "./failed-jobs.ts";
import { webhookRedeliveriesPort } from "./webhook-redeliveries.ts";
import { planSimulationsPort } from "./plan-simulations.ts";
import { billingClosesPort } from "./billing-closes.ts";
import { ratingSweepPort } from "./rating-sweeps.ts";
import { nonPathFields, pathFields, restOperations, takesQuery, type RestServedOperation } from "./rest-operations.ts";

const createCaller = createCallerFactory(appRouter);

/**
 * Serves every procedure with `meta.rest` as a REST route: the API key is authenticated first (401), the procedure
 * decides access (403), then path, query and body are validated each on its own (400, naming where), and the
 * procedure runs with the key as its principal. Errors keep the REST shape: the AppError behind a tRPC error is
 * rethrown for the Fastify error handler.
 */
export function serveOperations(app: FastifyInstance, deps: ApiDeps, queueOf: QueueOf): void {
  for (const operation of restOperations()) {
    const { rest } = operation;
    app.route({
      method: rest.method,
      url: rest.path.replace(/\{([A-Za-z0-9_]+)\}/g, ":$1"),
      ...(rest.bodyLimit !== undefined && { bodyLimit: rest.bodyLimit }),
      handler: async (request, reply) => {
        const principal = await requirePrincipal(request, deps.authenticate);
        const input: Record<string, unknown> = {};
        const ctx: Context = {
          db: deps.db,
          principal,
          announceKeyRevocation: deps.announceKeyRevocation,
          invoiceIssuer: deps.invoiceIssuer,
          ratingSweeps: ratingSweepPort(deps.ratingSweepQueue, request.log),
          failedJobs: failedJobsPort(queueOf, request.log),
          ...(deps.pipelineProbe ? { pipelineProbe: deps.pipelineProbe } : {}),
          webhookRedeliveries: webhookRedeliveriesPort(deps.webhookDeliveryQueue),
          planSimulations: planSimulationsPort(deps.planSimulationQueue),
          billingCloses: billingClosesPort(deps.billingCloseQueue),
          ...(deps.webhookPolicy ? { webhookPolicy: deps.webhookPolicy } : {}),
          validateRestRequest: () => Object.assign(input, validatedInput(operation, request)),
        };
        const output = await callProcedure(ctx, operation, input);
        const status = rest.unchanged?.when(output) ? rest.unchanged.status : (rest.status ?? 200);
        if (rest.file) return sendFile(reply, status, output as FileOutput);
        return send(reply, status, output);
      },
    });
  }
}

/**
 * Path, then query or body, each validated on its own with parseAdmin's messages ("path: …", "body: …"). Returns
 * the raw request merged (path parameters win), not the parsed values: the procedure parses its input with the
 * same schema again, and parsed values (dates) would not pass a second parse.
 */
function validatedInput(operation: RestServedOperation, request: FastifyRequest): Record<string, unknown> {
  parseAdmin(pathFields(operation), request.params, "path");
  const fromQuery = takesQuery(operation.rest);
  const fields = fromQuery ? request.query : request.body;
  parseAdmin(nonPathFields(operation), fields, fromQuery ? "query" : "body", {
    required: !fromQuery && operation.rest.bodyRequired === true,
  });
  return { ...asRecord(fields), ...asRecord(request.params) };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** Runs the procedure at the operation's path with `ctx`; its errors come back as the REST error handler's. */
async function callProcedure(ctx: Context, operation: RestServedOperation, input: Record<string, unknown>) {
  let target: unknown = createCaller(ctx);
  for (const segment of operation.procedurePath.split(".")) target = (target as Record<string, unknown>)[segment];
  try {
    // `input` is filled by validateRestRequest once access is decided; tRPC reads it after that, when it parses.
    return await (target as (input: unknown) => Promise<unknown>)(input);
  } catch (error) {
    throw restError(error);
  }
}

/**
 * The error the REST error handler renders: the AppError (or database error) a tRPC error wraps, so status, code
 * and message are what the hand-written routes answered. A failed input parse that the separate validation did not
 * catch is still a 400.
 */
export function restError(error: unknown): unknown {
  if (!(error instanceof TRPCError)) return error;
  const cause = error.cause;
  if (cause instanceof AppError) return cause;
  if (cause !== undefined && translateDatabaseError(cause)) return cause;
  if (error.code === "BAD_REQUEST" && cause instanceof z.core.$ZodError) {
    const problems = cause.issues.map((issue) => `${issue.path.map(String).join(".") || "input"}: ${issue.message}`);
    return new AppError("bad_request", problems.join("; "));
  }
  return cause ?? error;
}

interface FileOutput {
  file_name: string;
  content_type: string;
  content_base64: string;
}

/** A file operation's bytes as an attachment (the name is the use case's safe ASCII file name). */
function sendFile(reply: FastifyReply, status: number, file: FileOutput) {
  return reply
    .status(status)
    .header("content-type", file.content_type)
    .header("content-disposition", `attachment; filename="${file.file_name}"`)
    .send(Buffer.from(file.content_base64, "base64"));
}

function send(reply: FastifyReply, status: number, output: unknown) {
  if (status === 204) return reply.status(204).send();
  return reply.status(status).send(output);
}
