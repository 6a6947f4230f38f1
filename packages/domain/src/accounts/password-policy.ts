import { z } from "zod";

/** Long enough that the login throttle makes guessing hopeless; the upper bound keeps argon2 input sane. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const PASSWORD_POLICY_MESSAGE = `a password has ${PASSWORD_MIN_LENGTH.toString()} to ${PASSWORD_MAX_LENGTH.toString()} characters`;

/** The one password rule: the api enforces it, and the console's forms validate with this same schema. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, PASSWORD_POLICY_MESSAGE)
  .max(PASSWORD_MAX_LENGTH, PASSWORD_POLICY_MESSAGE);

/** The change-password form: the server's fields plus the repeated password, which must match. */
export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string().min(1, "enter your current password"),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "the new passwords differ",
  });

const accountName = z.string().trim().min(1, "enter your name").max(200, "at most 200 characters");

/** The first operator's setup form: who, and a password typed twice. */
export const newAccountFormSchema = z
  .object({
    name: accountName,
    email: z.email("enter an email address"),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "the passwords differ",
  });

/** Accepting a team invitation: the email and role come with the invitation, so only a name and a password typed twice. */
export const acceptInvitationFormSchema = z
  .object({ name: accountName, password: newPasswordSchema, confirmPassword: z.string() })
  .refine((form) => form.password === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "the passwords differ",
  });
