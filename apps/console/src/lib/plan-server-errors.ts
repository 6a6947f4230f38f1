import { TRPCClientError } from "@trpc/client";
import { errorMessage } from "./error-message.ts";

/** The api's refusal of a plan version update, split by where the editor shows each part. */
export interface PlanServerProblems {
  /** Form paths ("pricing.tiers.0.schedule", "effective_from"), as the update call's input names them. */
  fields: { path: string; message: string }[];
  /** Problems of the sent rate list, by index into it ("rates.12.price_per_million"), without the path. */
  rates: { index: number; message: string }[];
  /** Whatever names no field (a 409 for a published version, a network failure). */
  other: string | null;
}

const FORM_PATH = /^(pricing(?:\.[\w-]+)*|effective_from)$/;
const RATE_PATH = /^rates\.(\d+)(?:\.\w+)?$/;
/** A use case's "path: why" part (several are joined with "; "). */
const NAMED_PART = /^((?:pricing|rates|effective_from)[\w.-]*): ([\s\S]+)$/;

/**
 * Splits the server's message and input field errors into form fields, rate rows and the rest. Input validation
 * sends `fieldErrors` by path; a use case sends one message of "path: why" parts, e.g.
 * "rates.3.condition: no rule in pricing.rules has the condition …".
 */
export function splitPlanProblems(
  message: string,
  fieldErrors: Record<string, string> | undefined,
): PlanServerProblems {
  const named: [string, string][] = fieldErrors
    ? Object.entries(fieldErrors)
    : message.split("; ").flatMap((part) => {
        const match = NAMED_PART.exec(part);
        return match?.[1] && match[2] ? [[match[1], match[2]] as [string, string]] : [];
      });
  const problems: PlanServerProblems = { fields: [], rates: [], other: null };
  const rest: string[] = [];
  for (const [path, why] of named) {
    const rate = RATE_PATH.exec(path);
    if (rate?.[1] !== undefined) problems.rates.push({ index: Number(rate[1]), message: why });
    else if (FORM_PATH.test(path)) problems.fields.push({ path, message: why });
    else rest.push(`${path}: ${why}`);
  }
  if (named.length === 0) problems.other = message;
  else if (rest.length > 0) problems.other = rest.join("; ");
  return problems;
}

export function planServerProblems(error: unknown): PlanServerProblems {
  if (!(error instanceof TRPCClientError)) return { fields: [], rates: [], other: errorMessage(error) };
  const data = error.data as { code?: string; fieldErrors?: Record<string, string> } | undefined;
  if (data?.code === undefined) return { fields: [], rates: [], other: errorMessage(error) };
  return splitPlanProblems(error.message, data.fieldErrors);
}
