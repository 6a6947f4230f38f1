import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Card, Flex, Heading, Text } from "@radix-ui/themes";
import { useNavigate } from "@tanstack/react-router";
import { newAccountFormSchema, PASSWORD_MIN_LENGTH } from "@tollgate/domain";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { TextFormField } from "../components/form-field.tsx";
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
                  <TextFormField
                    label="Name"
                    error={errors.name}
                    registration={form.register("name")}
                    autoComplete="name"
                    testId="setup-name"
                  />
                  <TextFormField
                    label="Email"
                    error={errors.email}
                    registration={form.register("email")}
                    type="email"
                    autoComplete="username"
                    testId="setup-email"
                  />
                  <TextFormField
                    label="Password"
                    hint={`At least ${PASSWORD_MIN_LENGTH.toString()} characters.`}
                    error={errors.password}
                    registration={form.register("password")}
                    type="password"
                    autoComplete="new-password"
                    testId="setup-password"
                  />
                  <TextFormField
                    label="Repeat the password"
                    error={errors.confirmPassword}
                    registration={form.register("confirmPassword")}
                    type="password"
                    autoComplete="new-password"
                    testId="setup-confirm"
                  />
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
