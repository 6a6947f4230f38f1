import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, Flex, Heading, Text } from "@radix-ui/themes";
import { loginInputSchema } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { TextFormField } from "../components/form-field.tsx";
import { useDocumentTitle } from "../lib/document-title.ts";
import { errorMessage } from "../lib/error-message.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useLogin } from "../lib/session.ts";

type LoginForm = z.input<typeof loginInputSchema>;

export function LoginPage({ notice }: { notice?: ReactNode }): ReactNode {
  // auth.login's own input schema: the form says at the field what the api would answer with a 400.
  const form = useForm<LoginForm>({
    resolver: zodResolver(loginInputSchema),
    defaultValues: { email: "", password: "" },
  });
  const { errors } = form.formState;
  const login = useLogin();
  useDocumentTitle("Sign in");
  // A 400 the form did not foresee lands at its field; a wrong password (401) is for the form as a whole.
  const fieldError = login.isError ? serverFieldError(login.error, ["email", "password"] as const) : null;
  const submit = form.handleSubmit((values) => {
    login.mutate(values);
  });

  return (
    <Flex asChild justify="center" align="center" className="login" p="3">
      <main>
        <Card size="3" className="login-card">
          <form onSubmit={(event) => void submit(event)} aria-labelledby="login-title" noValidate>
            <Flex direction="column" gap="3">
              <Text className="brand brand-large">Tollgate</Text>
              <Heading as="h1" size="5" id="login-title">
                Sign in
              </Heading>
              {notice}
              <TextFormField
                label="Email"
                type="email"
                autoComplete="username"
                error={errors.email ?? (fieldError?.field === "email" ? { type: "server", ...fieldError } : undefined)}
                registration={form.register("email")}
                testId="login-email"
              />
              <TextFormField
                label="Password"
                type="password"
                autoComplete="current-password"
                error={
                  errors.password ?? (fieldError?.field === "password" ? { type: "server", ...fieldError } : undefined)
                }
                registration={form.register("password")}
                testId="login-password"
              />
              {login.isError && fieldError === null && (
                <Text color="red" size="2" role="alert" data-testid="login-error">
                  {errorMessage(login.error)}
                </Text>
              )}
              <Button type="submit" disabled={login.isPending} data-testid="login-submit">
                {login.isPending ? "Signing in…" : "Sign in"}
              </Button>
            </Flex>
          </form>
        </Card>
      </main>
    </Flex>
  );
}
