import type { RouterOutputs } from "./router-types.ts";

export type ApiKeyRow = RouterOutputs["apiKeys"]["list"][number];
export type ApiKeyStatus = "active" | "expiring" | "expired" | "revoked";

export const API_KEY_STATUS_LABELS: Record<ApiKeyStatus, string> = {
  active: "Active",
  expiring: "Expires soon",
  expired: "Expired",
  revoked: "Revoked",
};

export const API_KEY_STATUS_COLORS: Record<ApiKeyStatus, "green" | "amber" | "gray" | "red"> = {
  active: "green",
  expiring: "amber",
  expired: "gray",
  revoked: "red",
};

const WEEK_MS = 7 * 24 * 3_600_000;

/** Whether a key works now; "expiring" within a week (also a key rotated with a grace period). */
export function apiKeyStatus(key: ApiKeyRow, now: Date = new Date()): ApiKeyStatus {
  if (key.revokedAt !== null && new Date(key.revokedAt) <= now) return "revoked";
  if (key.expiresAt === null) return "active";
  const left = new Date(key.expiresAt).getTime() - now.getTime();
  if (left <= 0) return "expired";
  return left < WEEK_MS ? "expiring" : "active";
}
