// Entry point @tollgate/use-cases/accounts.
export * from "./change-password.ts";
export * from "./first-operator.ts";
export * from "./get-session-user.ts";
export * from "./users.ts";
export { hashPassword, verifyPassword } from "./password-hashing.ts";
export { assertPasswordPolicy, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-policy.ts";
export { sha256Hex } from "./secrets.ts";
