export {
  acceptInvitationFormSchema,
  changePasswordFormSchema,
  newAccountFormSchema,
  newPasswordSchema,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_POLICY_MESSAGE,
} from "./password-policy.ts";
export { loginInputSchema } from "./login-input.ts";
