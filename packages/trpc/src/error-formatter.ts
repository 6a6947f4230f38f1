import type { TRPCError } from "@trpc/server";
import { z } from "zod";

/** Input validation messages by field path ("events.0.model": "…"); the root is "input". */
export type FieldErrors = Record<string, string>;

interface ErrorShape {
  message: string;
  code: number;
  data: { code: TRPCError["code"]; httpStatus: number; path?: string; fieldErrors?: FieldErrors };
}

interface FormatterOptions {
  shape: { message: string; code: number; data: { code: TRPCError["code"]; httpStatus: number; path?: string } };
  error: TRPCError;
}

/**
 * Every tRPC error response goes through here. It rebuilds the shape instead of spreading tRPC's, so no `stack`
 * (absolute paths, internals) is ever sent, whatever NODE_ENV is; a 500's message is generic for the same reason
 * (the cause is logged by the transport's onError). Input errors carry their field messages.
 */
export function formatTrpcError({ shape, error }: FormatterOptions): ErrorShape {
  const { code, httpStatus, path } = shape.data;
  const data: ErrorShape["data"] = { code, httpStatus, ...(path === undefined ? {} : { path }) };
  if (error.code === "INTERNAL_SERVER_ERROR") return { code: shape.code, message: "internal error", data };
  const fieldErrors = inputFieldErrors(error);
  if (!fieldErrors) return { code: shape.code, message: shape.message, data };
  const summary = Object.entries(fieldErrors)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");
  return { code: shape.code, message: `invalid input: ${summary}`, data: { ...data, fieldErrors } };
}

function inputFieldErrors(error: TRPCError): FieldErrors | null {
  // tRPC answers a failed input parse with BAD_REQUEST whose cause is the schema's error.
  if (error.code !== "BAD_REQUEST" || !(error.cause instanceof z.core.$ZodError)) return null;
  const fieldErrors: FieldErrors = {};
  for (const issue of error.cause.issues) {
    const field = issue.path.length === 0 ? "input" : issue.path.map(String).join(".");
    fieldErrors[field] ??= issue.message;
  }
  return fieldErrors;
}
