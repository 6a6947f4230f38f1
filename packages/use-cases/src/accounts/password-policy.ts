import { AppError } from "@tollgate/domain";

/** Long enough that the login throttle makes guessing hopeless; the upper bound keeps argon2 input sane. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export function assertPasswordPolicy(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new AppError(
      "bad_request",
      `a password has ${PASSWORD_MIN_LENGTH.toString()} to ${PASSWORD_MAX_LENGTH.toString()} characters`,
    );
  }
}
