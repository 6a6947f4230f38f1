import { TRPCClientError } from "@trpc/client";

/**
 * The api's message about one of a form's fields, so the form can show it at the field: its input validation
 * (`fieldErrors`) or a use case's "field: why" message (e.g. "url: 10.0.0.7 is a private address …").
 */
export function serverFieldError<TField extends string>(
  error: unknown,
  fields: readonly TField[],
): { field: TField; message: string } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const fieldErrors = (error.data as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors ?? {};
  for (const field of fields) {
    const message = Object.entries(fieldErrors).find(([path]) => path === field || path.startsWith(`${field}.`))?.[1];
    if (message) return { field, message };
    // Use cases name fields as REST does (snake_case: "expires_at: must be in the future").
    for (const name of new Set([field, field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)])) {
      if (error.message.startsWith(`${name}: `)) return { field, message: error.message.slice(name.length + 2) };
    }
  }
  return null;
}
