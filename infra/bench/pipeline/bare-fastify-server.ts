import Fastify from "fastify";

/**
 * The reference for the single-event target: the cheapest Fastify endpoint that still does what any ingest must
 * (parse the JSON body, answer 202 with a count), with no auth, validation or queue. Port from argv[2].
 */
const port = Number(process.argv[2]);
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.get("/readyz", () => ({ status: "ready" }));
app.post("/v1/events", (request, reply) => {
  const body = request.body as { events?: unknown[] } | null;
  const accepted = Array.isArray(body?.events) ? body.events.length : 1;
  return reply.status(202).send({ accepted, duplicates: 0, rejected: [] });
});
const stop = () => {
  void app.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
await app.listen({ host: "127.0.0.1", port });
