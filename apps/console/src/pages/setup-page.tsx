import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Card, Flex, Heading, Text, TextField } from "@radix-ui/themes";
import { useNavigate } from "@tanstack/react-router";
import { newAccountFormSchema, PASSWORD_MIN_LENGTH } from "@tollgate/domain";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "../components/form-field.tsx";
import { useSetup } from "../lib/account.ts";
import { errorMessage } from "../lib/error-message.ts";
import { linkTokenFromHash } from "../lib/link-token.ts";

type SetupForm = z.input<typeof newAccountFormSchema>;

/** `/setup#token=…`: creates the first operator with the one-time link the api printed, then signs in. */
export function SetupPage(): ReactNode {
  const [token] = useState(() => linkTokenFromHash());
  const setup = useSetup();
  const navigate = useNavigate();
  const form = useForm<SetupForm>({
    resolver: zodResolver(newAccountFormSchema),
    defaultValues: { name: "", email: "", password: "", confirmPassword: "" },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((values) => {
    setup.mutate(
      { token, name: values.name, email: values.email, password: values.password },
      { onSuccess: () => void navigate({ to: "/", replace: true }) },
    );
  });

  return (
    <Flex asChild justify="center" align="center" className="login" p="3">
      <main>
        <Card size="3" className="login-card">
          <form onSubmit={(event) => void submit(event)} aria-labelledby="setup-title" noValidate>
            <Flex direction="column" gap="3">
              <Text className="brand brand-large">Tollgate</Text>
              <Heading as="h1" size="5" id="setup-title">
                Create the first operator
              </Heading>
              {token === "" ? (
                <Callout.Root highContrast color="red" role="alert" data-testid="setup-no-token">
                  <Callout.Text>
                    This page needs the one-time setup link the api printed at start (…/setup#token=…).
                  </Callout.Text>
                </Callout.Root>
              ) : (
                <>
                  <FormField label="Name" error={errors.name}>
                    {(control) => (
                      <TextField.Root
                        {...control}
                        autoComplete="name"
                        {...form.register("name")}
                        data-testid="setup-name"
                      />
                    )}
                  </FormField>
                  <FormField label="Email" error={errors.email}>
                    {(control) => (
                      <TextField.Root
                        {...control}
                        type="email"
                        autoComplete="username"
                        {...form.register("email")}
                        data-testid="setup-email"
                      />
                    )}
                  </FormField>
                  <FormField
                    label="Password"
                    hint={`At least ${PASSWORD_MIN_LENGTH.toString()} characters.`}
                    error={errors.password}
                  >
                    {(control) => (
                      <TextField.Root
                        {...control}
                        type="password"
                        autoComplete="new-password"
                        {...form.register("password")}
                        data-testid="setup-password"
                      />
                    )}
                  </FormField>
                  <FormField label="Repeat the password" error={errors.confirmPassword}>
                    {(control) => (
                      <TextField.Root
                        {...control}
                        type="password"
                        autoComplete="new-password"
                        {...form.register("confirmPassword")}
                        data-testid="setup-confirm"
                      />
                    )}
                  </FormField>
                  {setup.isError && (
                    <Callout.Root highContrast color="red" role="alert" data-testid="setup-error">
                      <Callout.Text>{errorMessage(setup.error)}</Callout.Text>
                    </Callout.Root>
                  )}
                  <Button type="submit" disabled={setup.isPending} data-testid="setup-submit">
                    {setup.isPending ? "Creating…" : "Create operator and sign in"}
                  </Button>
                </>
              )}
            </Flex>
          </form>
        </Card>
      </main>
    </Flex>
  );
}
