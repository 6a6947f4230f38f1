import { storedText } from "./stored-text.ts";

/** Why an operator made a change, kept with it in the audit log: the api's input and the console's field alike. */
export const optionalReasonSchema = storedText(2000)
  .optional()
  .describe("why: recorded in the audit log with the change (optional)");

/** The reason where a change must give one (ending an override, voiding a grant…). */
export const requiredReasonSchema = storedText(2000)
  .trim()
  .min(1, "required: say why (recorded in the audit log)")
  .describe("why: required, recorded in the audit log with the change");
