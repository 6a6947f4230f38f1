import { modelPatternSchema, nonNegativeDecimalText, percentText, TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import { TRPCClientError } from "@trpc/client";
import { z } from "zod";

const isoDay = z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date")]);
/** Empty, or `schema`'s value with its own message (a union would only say "Invalid input"). */
function emptyOr(schema: z.ZodType<string>) {
  return z.string().superRefine((value, ctx) => {
    if (value === "") return;
    const issue = schema.safeParse(value).error?.issues[0];
    if (issue) ctx.addIssue({ code: "custom", message: issue.message });
  });
}

/** Empty: the plan's price of that token type stays; otherwise the server's own exact-decimal check. */
const optionalPrice = emptyOr(nonNegativeDecimalText);

/**
 * One model (or glob) with its own prices per 1M tokens, as decimal text. Built from the same schemas as the
 * server's override (`tenantOverrideSchema`: model patterns, non-negative decimal strings, a 0–100 percentage), so
 * the form refuses exactly what the api would, but at the field.
 */
const rateRowSchema = z.object({
  model: modelPatternSchema,
  prices: z.record(z.enum(TOKEN_TYPES), optionalPrice),
});

export const overrideFormSchema = z
  .object({
    starts_at: isoDay,
    ends_at: isoDay,
    discount_percent: emptyOr(percentText),
    rates: z.array(rateRowSchema).max(100),
    reason: z.string().trim().min(1, "required: say why (recorded in the audit log)").max(2000),
  })
  .superRefine((values, ctx) => {
    // The use case's own checks (createTenantOverride), in the form's words.
    if (values.starts_at !== "" && values.ends_at !== "" && values.ends_at <= values.starts_at) {
      ctx.addIssue({ code: "custom", path: ["ends_at"], message: "must be after the start" });
    }
    if (values.discount_percent === "" && values.rates.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["discount_percent"],
        message: "give a discount or at least one model's rates: an override must change something",
      });
    }
    const seen = new Set<string>();
    values.rates.forEach((row, index) => {
      if (seen.has(row.model)) {
        ctx.addIssue({ code: "custom", path: ["rates", index, "model"], message: "this model is listed twice" });
      }
      seen.add(row.model);
      if (TOKEN_TYPES.every((type) => row.prices[type] === "")) {
        ctx.addIssue({ code: "custom", path: ["rates", index, "prices"], message: "give at least one price" });
      }
    });
  });

export type OverrideForm = z.input<typeof overrideFormSchema>;
export type RateRow = OverrideForm["rates"][number];

export const emptyPrices = (): Record<TokenType, string> => ({
  input: "",
  cached_input: "",
  cache_write: "",
  output: "",
  reasoning: "",
});

export const OVERRIDE_DEFAULTS: OverrideForm = {
  starts_at: "",
  ends_at: "",
  discount_percent: "",
  rates: [],
  reason: "",
};

const day = (value: string) => (value === "" ? undefined : `${value}T00:00:00Z`);

/** The create input: only the prices given, as the exact text typed (never through a float). */
export function overrideInput(tenantId: string, values: OverrideForm, now: Date = new Date()) {
  return {
    tenantId,
    starts_at: day(values.starts_at) ?? now.toISOString(),
    ends_at: day(values.ends_at),
    discount_percent: values.discount_percent === "" ? null : values.discount_percent,
    model_rates: Object.fromEntries(
      values.rates.map((row) => [
        row.model,
        Object.fromEntries(
          TOKEN_TYPES.filter((type) => row.prices[type] !== "").map((type) => [type, row.prices[type]]),
        ),
      ]),
    ),
    reason: values.reason,
  };
}

export type OverrideField =
  | "starts_at"
  | "ends_at"
  | "discount_percent"
  | "reason"
  | `rates.${number}.model`
  | `rates.${number}.prices`
  | `rates.${number}.prices.${TokenType}`;

const PLAIN_FIELDS = ["starts_at", "ends_at", "discount_percent", "reason"] as const;

/**
 * Where the api's refusal belongs in the form: its input validation (`fieldErrors`, paths such as
 * "model_rates.openai/gpt-4.1.input") or the use case's "field: why" message ("model_rates.x: unknown model").
 * Model ids contain dots, so a path is matched against the rows' models rather than split.
 */
export function overrideServerError(
  error: unknown,
  rows: readonly RateRow[],
): { field: OverrideField; message: string } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const fieldErrors = (error.data as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors ?? {};
  const problems: [string, string][] = [
    ...Object.entries(fieldErrors),
    ...error.message.split("; ").flatMap((part): [string, string][] => {
      const colon = part.indexOf(": ");
      return colon > 0 ? [[part.slice(0, colon), part.slice(colon + 2)]] : [];
    }),
  ];
  for (const [path, message] of problems) {
    const plain = PLAIN_FIELDS.find((field) => path === field || path.startsWith(`${field}.`));
    if (plain) return { field: plain, message };
    if (!path.startsWith("model_rates.")) continue;
    const rest = path.slice("model_rates.".length);
    // The longest model that prefixes the path: "openai/gpt-4.1" before "openai/gpt-4".
    const matches = rows
      .map((row, index) => ({ index, model: row.model }))
      .filter(({ model }) => rest === model || rest.startsWith(`${model}.`))
      .sort((a, b) => b.model.length - a.model.length);
    const match = matches[0];
    if (!match) continue;
    const type = rest.slice(match.model.length + 1);
    const row = `rates.${match.index.toString()}` as `rates.${number}`;
    if (type === "") return { field: `${row}.model`, message };
    const tokenType = TOKEN_TYPES.find((candidate) => candidate === type);
    return { field: tokenType ? `${row}.prices.${tokenType}` : `${row}.prices`, message };
  }
  return null;
}
