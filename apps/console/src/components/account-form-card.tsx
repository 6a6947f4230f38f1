import { Card, Flex, Heading, Text } from "@radix-ui/themes";
import { PASSWORD_MIN_LENGTH } from "@tollgate/domain";
import type { ReactNode, SyntheticEvent } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { useDocumentTitle } from "../lib/document-title.ts";
import { TextFormField } from "./form-field.tsx";

/** The signed-out pages' card (setup, invitation): brand, a heading naming the form, and the form's fields. */
export function AccountFormCard({
  id,
  title,
  onSubmit,
  children,
}: {
  /** Prefix of the heading's id, which names the form. */
  id: string;
  title: string;
  onSubmit: (event: SyntheticEvent<HTMLFormElement>) => void;
  children: ReactNode;
}): ReactNode {
  useDocumentTitle(title);
  return (
    <Flex asChild justify="center" align="center" className="login" p="3">
      <main>
        <Card size="3" className="login-card">
          <form onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
            <Flex direction="column" gap="3">
              <Text className="brand brand-large">Tollgate</Text>
              <Heading as="h1" size="5" id={`${id}-title`}>
                {title}
              </Heading>
              {children}
            </Flex>
          </form>
        </Card>
      </main>
    </Flex>
  );
}

/** A new password and its repetition (the schemas check both: `newAccountFormSchema`, `acceptInvitationFormSchema`). */
export function NewPasswordFields({
  register,
  errors,
  testIdPrefix,
}: {
  register: (name: "password" | "confirmPassword") => UseFormRegisterReturn;
  errors: { password?: FieldError; confirmPassword?: FieldError };
  testIdPrefix: string;
}): ReactNode {
  return (
    <>
      <TextFormField
        label="Password"
        hint={`At least ${PASSWORD_MIN_LENGTH.toString()} characters.`}
        error={errors.password}
        registration={register("password")}
        type="password"
        autoComplete="new-password"
        testId={`${testIdPrefix}-password`}
      />
      <TextFormField
        label="Repeat the password"
        error={errors.confirmPassword}
        registration={register("confirmPassword")}
        type="password"
        autoComplete="new-password"
        testId={`${testIdPrefix}-confirm`}
      />
    </>
  );
}
