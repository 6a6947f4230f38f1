import { z } from "zod";

/**
 * What signing in takes: auth.login's input, and the console's sign-in form's schema (the same messages at the
 * fields as the api's 400). The password is only bounded, not checked against the policy: old passwords predate it.
 */
export const loginInputSchema = z.object({
  email: z.email("must be an email address"),
  password: z.string().min(1, "required").max(200, "at most 200 characters"),
});
