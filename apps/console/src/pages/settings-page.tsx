import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Card, DataList, Flex, Heading, Text } from "@radix-ui/themes";
import { changePasswordFormSchema, PASSWORD_MIN_LENGTH } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { BillingDetails } from "../components/billing-details.tsx";
import { TextFormField } from "../components/form-field.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { useChangePassword } from "../lib/account.ts";
import { errorMessage } from "../lib/error-message.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";

type PasswordForm = z.input<typeof changePasswordFormSchema>;

/**
 * `/settings`: who is signed in, how the tenant is billed (with the admins' low-credit alert), and changing the
 * password (the user's other sessions are signed out).
 */
export function SettingsPage(): ReactNode {
  const user = useSignedInUser();
  const scope = useTenantScope();
  const change = useChangePassword();
  const form = useForm<PasswordForm>({
    resolver: zodResolver(changePasswordFormSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;

  const submit = form.handleSubmit((values) => {
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          form.reset();
        },
      },
    );
  });

  return (
    <Flex direction="column" gap="4">
      <PageHeader title="Settings" />
      <Card>
        <Heading as="h2" size="3" mb="3">
          Your account
        </Heading>
        <DataList.Root orientation={{ initial: "vertical", sm: "horizontal" }}>
          <DataList.Item>
            <DataList.Label>Name</DataList.Label>
            <DataList.Value>{user.name}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Email</DataList.Label>
            <DataList.Value>{user.email}</DataList.Value>
          </DataList.Item>
          {user.tenant && (
            <DataList.Item>
              <DataList.Label>Tenant</DataList.Label>
              <DataList.Value>{user.tenant.name}</DataList.Value>
            </DataList.Item>
          )}
        </DataList.Root>
      </Card>
      {scope.tenantId !== undefined && <BillingDetails tenantId={scope.tenantId} canWrite={scope.canWrite} />}
      <Card>
        <form
          onSubmit={(event) => void submit(event)}
          aria-labelledby="password-title"
          className="form-narrow"
          noValidate
        >
          <Flex direction="column" gap="3">
            <Heading as="h2" size="3" id="password-title">
              Change password
            </Heading>
            <input type="email" autoComplete="username" value={user.email} readOnly hidden />
            <TextFormField
              label="Current password"
              error={errors.currentPassword}
              registration={form.register("currentPassword")}
              type="password"
              autoComplete="current-password"
              testId="account-current-password"
            />
            <TextFormField
              label="New password"
              hint={`At least ${PASSWORD_MIN_LENGTH.toString()} characters.`}
              error={errors.newPassword}
              registration={form.register("newPassword")}
              type="password"
              autoComplete="new-password"
              testId="account-new-password"
            />
            <TextFormField
              label="Repeat the new password"
              error={errors.confirmPassword}
              registration={form.register("confirmPassword")}
              type="password"
              autoComplete="new-password"
              testId="account-confirm-password"
            />
            {change.isError && (
              <Callout.Root highContrast color="red" role="alert" data-testid="account-error">
                <Callout.Text>{errorMessage(change.error)}</Callout.Text>
              </Callout.Root>
            )}
            {change.isSuccess && (
              <Callout.Root highContrast color="green" role="status" data-testid="account-changed">
                <Callout.Text>
                  Password changed. Your other sessions were signed out ({change.data.sessionsEnded.toString()}).
                </Callout.Text>
              </Callout.Root>
            )}
            <Flex>
              <Button type="submit" disabled={change.isPending} data-testid="account-submit">
                {change.isPending ? "Changing…" : "Change password"}
              </Button>
            </Flex>
          </Flex>
        </form>
      </Card>
      <Text size="1" color="gray">
        Signed in as {user.email}.
      </Text>
    </Flex>
  );
}
