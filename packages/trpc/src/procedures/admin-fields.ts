import { nonNegativeDecimalText, optionalReasonSchema, requiredReasonSchema } from "@tollgate/domain";
import { z } from "zod";

// The field schemas the admin operations share (their REST wire names and messages, which tests assert).

/** RFC 3339 with an explicit offset (a date-time without one is ambiguous); zod also checks the calendar date. */
export const rfc3339 = z.iso.datetime({
  offset: true,
  error: "must be an RFC 3339 date-time with offset, e.g. 2026-03-01T00:00:00Z",
});

export const uuidParam = (what: string) => z.uuid(`must be a ${what} id (uuid)`).transform((id) => id.toLowerCase());

export const tenantIdParam = uuidParam("tenant");

export const instant = rfc3339.transform((value) => new Date(value));

export const decimalText = nonNegativeDecimalText.describe('exact decimal as a string, e.g. "3.75"; never a number');

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter upper-case ISO 4217 code, e.g. "USD"')
  .describe("ISO 4217 code");

// Shared with the console's reason fields (@tollgate/domain), so both say the same.
export const optionalReason = optionalReasonSchema;
export const requiredReason = requiredReasonSchema;
