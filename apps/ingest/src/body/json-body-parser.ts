import { AppError } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { quoteInexactIntegers } from "./inexact-integers.ts";
import { locateJsonSyntaxError } from "./json-syntax-error.ts";
import { decodeUtf8Body } from "./utf8-body.ts";

/**
 * Fastify's JSON parser (prototype-poisoning protection included), with errors that say where the body goes wrong:
 * its own only says "Body is not valid JSON". The raw body must be valid UTF-8, and integers JSON.parse would round
 * reach validation quoted (see quoteInexactIntegers).
 */
export function registerJsonBodyParser(app: FastifyInstance, contentTypes: string[] = ["application/json"]): void {
  const defaultParser = app.getDefaultJsonParser("error", "error");
  if (contentTypes.includes("application/json")) app.removeContentTypeParser("application/json");
  app.addContentTypeParser(contentTypes, { parseAs: "buffer" }, (request, body, done) => {
    let text: string;
    try {
      text = decodeUtf8Body(body as Buffer);
    } catch (error) {
      done(error as AppError, undefined);
      return;
    }
    void defaultParser(request, quoteInexactIntegers(text), (error, value) => {
      if (!error) {
        done(null, value);
        return;
      }
      done(describeJsonFailure(text), undefined);
    });
  });
}

function describeJsonFailure(body: string): AppError {
  if (body.trim() === "") return new AppError("bad_request", 'the body is empty: send one event or {"events": [...]}');
  const syntax = locateJsonSyntaxError(body);
  if (!syntax) {
    // Valid JSON refused by the parser: a __proto__ or constructor.prototype key.
    return new AppError("bad_request", "malformed JSON: __proto__ and constructor.prototype keys are not allowed");
  }
  return new AppError(
    "bad_request",
    `malformed JSON at position ${syntax.position.toString()} (line ${syntax.line.toString()}, column ${syntax.column.toString()}): ${syntax.problem}`,
    { position: syntax.position, line: syntax.line, column: syntax.column },
  );
}
