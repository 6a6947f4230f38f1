import { Button, Card, Flex, Heading, Text, TextField } from "@radix-ui/themes";
import { useState, type ReactNode, type SubmitEvent } from "react";
import { useDocumentTitle } from "../lib/document-title.ts";
import { errorMessage } from "../lib/error-message.ts";
import { useLogin } from "../lib/session.ts";

export function LoginPage({ notice }: { notice?: ReactNode }): ReactNode {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useLogin();
  useDocumentTitle("Sign in");

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate({ email, password });
  };

  return (
    <Flex asChild justify="center" align="center" className="login" p="3">
      <main>
        <Card size="3" className="login-card">
          <form onSubmit={submit} aria-labelledby="login-title">
            <Flex direction="column" gap="3">
              <Text className="brand brand-large">Tollgate</Text>
              <Heading as="h1" size="5" id="login-title">
                Sign in
              </Heading>
              {notice}
              <label className="field">
                <Text size="2" weight="medium">
                  Email
                </Text>
                <TextField.Root
                  type="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => {
                    setEmail(e.target.value);
                  }}
                  data-testid="login-email"
                />
              </label>
              <label className="field">
                <Text size="2" weight="medium">
                  Password
                </Text>
                <TextField.Root
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => {
                    setPassword(e.target.value);
                  }}
                  data-testid="login-password"
                />
              </label>
              {login.isError && (
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
