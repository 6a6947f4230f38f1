import type { FastifyServerOptions } from "fastify";

/** Structured JSON logs (pino) with secrets redacted. */
export function loggerOptions(level: string, service: string): FastifyServerOptions["logger"] {
  if (level === "silent") return false;
  return {
    level,
    base: { service },
    redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
  };
}
