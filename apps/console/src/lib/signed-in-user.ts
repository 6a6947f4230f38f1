import { createContext, useContext } from "react";
import type { SessionUser } from "./router-types.ts";

/** The signed-in user, provided by the signed-in layout to every page under it. */
export const SignedInUserContext = createContext<SessionUser | null>(null);

export function useSignedInUser(): SessionUser {
  const user = useContext(SignedInUserContext);
  if (!user) throw new Error("useSignedInUser is only available under the signed-in layout");
  return user;
}
