import { AppError, newPasswordSchema, PASSWORD_POLICY_MESSAGE } from "@tollgate/domain";

// The rule itself lives in the domain, shared with the console's forms.
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@tollgate/domain";

export function assertPasswordPolicy(password: string): void {
  if (!newPasswordSchema.safeParse(password).success) throw new AppError("bad_request", PASSWORD_POLICY_MESSAGE);
}
