import { AppError } from "@tollgate/domain";

/** The AppError a use case rejects with; fails the test when it resolves or throws anything else. */
export function errorOf(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error("expected an AppError");
    },
    (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return error;
    },
  );
}
