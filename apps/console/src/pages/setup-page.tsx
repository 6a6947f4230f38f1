import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout } from "@radix-ui/themes";
import { useNavigate } from "@tanstack/react-router";
import { newAccountFormSchema } from "@tollgate/domain";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { AccountFormCard, NewPasswordFields } from "../components/account-form-card.tsx";
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
    <AccountFormCard id="setup" title="Create the first operator" onSubmit={(event) => void submit(event)}>
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
          <NewPasswordFields register={(name) => form.register(name)} errors={errors} testIdPrefix="setup" />
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
    </AccountFormCard>
  );
}
