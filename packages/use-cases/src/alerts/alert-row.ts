import { alertTitle } from "@tollgate/domain";

export interface AlertView {
  /** Bigint identity as text. */
  id: string;
  kind: string;
  /** A human line from the kind and payload (`alertTitle`). */
  title: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

interface AlertRow {
  id: bigint;
  kind: string;
  payload: unknown;
  createdAt: Date;
  readAt: Date | null;
}

export function alertView(row: AlertRow): AlertView {
  const payload =
    typeof row.payload === "object" && row.payload !== null && !Array.isArray(row.payload)
      ? (row.payload as Record<string, unknown>)
      : {};
  return {
    id: row.id.toString(),
    kind: row.kind,
    title: alertTitle(row.kind, payload),
    payload,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}

/** Alert ids are bigint identities; anything else names no alert. */
export function parseAlertId(id: string): bigint | null {
  return /^\d{1,18}$/.test(id) ? BigInt(id) : null;
}
