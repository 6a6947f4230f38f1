import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Link, Text } from "@radix-ui/themes";
import { Link as RouterLink, useNavigate } from "@tanstack/react-router";
import { acceptInvitationFormSchema } from "@tollgate/domain";
import { TRPCClientError } from "@trpc/client";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { AccountFormCard, NewPasswordFields } from "../components/account-form-card.tsx";
import { TextFormField } from "../components/form-field.tsx";
import { useAcceptInvitation } from "../lib/account.ts";
import { errorMessage } from "../lib/error-message.ts";
import { linkTokenFromHash } from "../lib/link-token.ts";
import { serverFieldError } from "../lib/server-field-error.ts";

type AcceptForm = z.input<typeof acceptInvitationFormSchema>;

/** Unknown (404), used, revoked or expired (403), or the email has an account (409): trying again cannot help. */
function isFinalRefusal(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const code = (error.data as { code?: string } | undefined)?.code;
  return code === "NOT_FOUND" || code === "FORBIDDEN" || code === "CONFLICT";
}

/** `/invite#token=…`: joins a tenant's team with the one-time link an admin passed on, then signs in. */
export function InvitePage(): ReactNode {
  const [token] = useState(() => linkTokenFromHash());
  const accept = useAcceptInvitation();
  const navigate = useNavigate();
  const form = useForm<AcceptForm>({
    resolver: zodResolver(acceptInvitationFormSchema),
    defaultValues: { name: "", password: "", confirmPassword: "" },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((values) => {
    accept.mutate(
      { token, name: values.name, password: values.password },
      // Replacing the entry drops the used token from the address bar and the history.
      {
        onSuccess: () => void navigate({ to: "/", replace: true }),
        onError: (error) => {
          const field = serverFieldError(error, ["name", "password"] as const);
          if (field) form.setError(field.field, { message: field.message });
        },
      },
    );
  });
  const refused = accept.isError && isFinalRefusal(accept.error);
  const fieldError = accept.isError ? serverFieldError(accept.error, ["name", "password"] as const) : null;

  return (
    <AccountFormCard id="invite" title="Join your team" onSubmit={(event) => void submit(event)}>
      {token === "" || refused ? (
        <>
          <Callout.Root highContrast color="red" role="alert" data-testid="invite-invalid">
            <Callout.Text>
              {token === ""
                ? "This page needs the invitation link your admin sent you (…/invite#token=…)."
                : `${capitalized(errorMessage(accept.error))}.`}
            </Callout.Text>
          </Callout.Root>
          <Text size="2">
            Already have an account?{" "}
            <Link asChild underline="always">
              <RouterLink to="/" data-testid="invite-sign-in">
                Sign in
              </RouterLink>
            </Link>
          </Text>
        </>
      ) : (
        <>
          <Text size="2" color="gray">
            You sign in with the email address the invitation was made for. Choose your name and a password.
          </Text>
          <TextFormField
            label="Name"
            error={errors.name}
            registration={form.register("name")}
            autoComplete="name"
            testId="invite-name"
          />
          <NewPasswordFields register={(name) => form.register(name)} errors={errors} testIdPrefix="invite" />
          {accept.isError && fieldError === null && (
            <Callout.Root highContrast color="red" role="alert" data-testid="invite-error">
              <Callout.Text>{errorMessage(accept.error)}</Callout.Text>
            </Callout.Root>
          )}
          <Button type="submit" disabled={accept.isPending} data-testid="invite-submit">
            {accept.isPending ? "Joining…" : "Join and sign in"}
          </Button>
        </>
      )}
    </AccountFormCard>
  );
}

/** The api's messages are sentence fragments ("this invitation has expired; …"); here one stands alone. */
function capitalized(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
