/**
 * Rejection messages read "field: problem" with canonical field names; for a converted native event the field is
 * renamed to what its caller sent (e.g. `timestamp` → `time`), so the message points at the caller's own payload.
 */
export function nativeMessage(message: string, names: Readonly<Record<string, string>>): string {
  const field = rejectedField(message);
  const [head = field, ...rest] = field.split(".");
  const renamed = names[head];
  if (!renamed || field === "event") return message;
  return [renamed, ...rest].join(".") + message.slice(field.length);
}

/** The field a "field: problem" message is about. */
export function rejectedField(message: string): string {
  const end = message.indexOf(": ");
  return end > 0 ? message.slice(0, end) : "event";
}
