// Entry point @tollgate/use-cases/accounts.
export * from "./authenticate-user.ts";
export * from "./change-password.ts";
export * from "./complete-setup.ts";
export * from "./create-user.ts";
export {
  ensureConfiguredOperator,
  SETUP_TOKEN_TTL_MS,
  type FirstOperator,
  type FirstOperatorInput,
} from "./first-operator.ts";
export * from "./get-session-user.ts";
export * from "./issue-setup-token.ts";
export { hashPassword, verifyPassword } from "./password-hashing.ts";
export { assertPasswordPolicy, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-policy.ts";
export * from "./reset-password.ts";
export { sha256Hex } from "./secrets.ts";
export * from "./sessions.ts";
