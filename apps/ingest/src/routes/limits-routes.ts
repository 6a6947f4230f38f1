import { AppError, toDecimalString } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { budgetJson, creditJson, reserveSpend } from "../limits/reserve-spend.ts";
import { failingAs } from "./dependency-guard.ts";
import { authenticateIngestKey } from "./ingest-key.ts";
import { parseReserveBody } from "./reserve-body.ts";

const RESERVATION_ID = /^resv_[0-9a-f-]{36}$/;

/** Hard limits before the request: reserve the worst case, release it early, or let the usage event settle it. */
export function registerLimitsRoutes(app: FastifyInstance, deps: IngestDeps): void {
  app.post("/v1/limits/reserve", async (request, reply) => {
    const key = await authenticateIngestKey(request, deps);
    const input = parseReserveBody(request.body);
    const { reservationTerms, spendLimits } = deps;
    // Terms come from Postgres (cached); the decision from Redis. Either being down is a 503, never an allow.
    const decision = await failingAs(
      "redis",
      () =>
        reserveSpend(
          {
            resolveModel: (model) => failingAs("postgres", () => reservationTerms.resolveModel(model), request.log),
            terms: (tenantId, modelId, now) =>
              failingAs("postgres", () => reservationTerms.terms(tenantId, modelId, now), request.log),
          },
          spendLimits,
          key,
          input,
          new Date(),
        ),
      request.log,
    );
    deps.metrics.reservations.inc({ outcome: decision.allowed ? "allowed" : decision.reason });
    const amount = decision.amount === null ? null : toDecimalString(decision.amount);
    if (decision.allowed) {
      return reply.status(200).send({
        allowed: true,
        reservation_id: decision.reservationId,
        amount,
        currency: decision.currency,
        expires_at: decision.expiresAt.toISOString(),
        budgets: decision.budgets.map(budgetJson),
        credit: decision.credit ? creditJson(decision.credit) : null,
      });
    }
    return reply.status(200).send({
      allowed: false,
      reason: decision.reason,
      amount,
      currency: decision.currency,
      ...(decision.budget ? { budget: budgetJson(decision.budget) } : {}),
      ...(decision.credit ? { credit: creditJson(decision.credit) } : {}),
    });
  });

  app.delete<{ Params: { id: string } }>("/v1/limits/reservations/:id", async (request, reply) => {
    const key = await authenticateIngestKey(request, deps);
    if (!RESERVATION_ID.test(request.params.id)) {
      throw new AppError("bad_request", "id: not a reservation id (resv_<uuid>)");
    }
    const released = await failingAs(
      "redis",
      () => deps.spendLimits.settle([], [{ tenantId: key.tenantId, reservationId: request.params.id }]),
      request.log,
    );
    if (released === 0)
      throw new AppError("not_found", "no open reservation with this id (settled, expired or unknown)");
    return reply.status(204).send();
  });
}
