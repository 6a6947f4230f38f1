import type { FastifyInstance, FastifyRequest } from "fastify";
import { registerJsonBodyParser } from "../body/json-body-parser.ts";
import { renderLagoError } from "../compat/lago/lago-responses.ts";
import { registerNativeErrorHandler } from "../compat/native-error-handler.ts";
import { isRecord } from "../compat/native-values.ts";
import { renderOpenMeterProblem } from "../compat/openmeter/openmeter-problem.ts";
import type { IngestDeps } from "../ingest-deps.ts";
import { postLagoEvents } from "./lago-events.ts";
import { postOpenMeterEvents } from "./openmeter-events.ts";

const EVENTS_PATH = "/api/v1/events";
const LAGO_BATCH_PATH = "/api/v1/events/batch";

/**
 * OpenMeter and Lago both ingest at POST /api/v1/events: CloudEvents (by content type, or an array / an object with
 * `specversion`) go to OpenMeter's handling, `{"event": {...}}` to Lago's. Each answers in its product's shapes.
 */
export function registerOpenMeterLagoRoutes(app: FastifyInstance, deps: IngestDeps): void {
  void app.register((scope, _options, done) => {
    registerJsonBodyParser(scope, ["application/cloudevents+json", "application/cloudevents-batch+json"]);
    registerNativeErrorHandler(scope, (error, request, reply) =>
      isOpenMeterRequest(request)
        ? renderOpenMeterProblem(error, request, reply)
        : renderLagoError(error, request.routeOptions.url === LAGO_BATCH_PATH, reply),
    );
    scope.post(EVENTS_PATH, (request, reply) =>
      isOpenMeterRequest(request)
        ? postOpenMeterEvents(deps, request, reply)
        : postLagoEvents(deps, request, reply, false),
    );
    scope.post(LAGO_BATCH_PATH, (request, reply) => postLagoEvents(deps, request, reply, true));
    done();
  });
}

function isOpenMeterRequest(request: FastifyRequest): boolean {
  if (request.routeOptions.url !== EVENTS_PATH) return false;
  const contentType = (request.headers["content-type"] ?? "").toLowerCase();
  if (contentType.startsWith("application/cloudevents")) return true;
  const body: unknown = request.body;
  return Array.isArray(body) || (isRecord(body) && "specversion" in body);
}
