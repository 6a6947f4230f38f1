import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Flex, RadioGroup, Text } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newInvitationSchema, TEAM_ROLES } from "@tollgate/domain";
import { UserPlus } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { TEAM_ROLE_HINTS, TEAM_ROLE_LABELS } from "../lib/team-views.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { DateTime } from "./date-time.tsx";
import { TextFormField } from "./form-field.tsx";
import { FormDialog } from "./form-dialog.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

type InviteForm = z.input<typeof newInvitationSchema>;

interface IssuedLink {
  email: string;
  link: string;
  expiresAt: string;
}

/**
 * "Invite member": the form (same schema as the api), then the invitation link, shown once. No email is sent: the
 * admin passes the link on, so the dialog says so.
 */
export function InviteMemberDialog({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const form = useForm<InviteForm>({
    resolver: zodResolver(newInvitationSchema),
    defaultValues: { email: "", role: "tenant_viewer" },
  });
  const dialog = useDialogForm(form, { fields: ["email", "role"] });
  const { errors } = form.formState;
  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: async (answer) => {
        dialog.close();
        // The api answers with a path: the link is this console's origin plus it.
        setIssued({
          email: answer.invitation.email,
          link: `${window.location.origin}${answer.link}`,
          expiresAt: answer.invitation.expiresAt,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() });
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    invite.mutate({ tenantId, email: values.email, role: values.role });
  });

  return (
    <>
      <FormDialog
        {...dialog.dialogProps(invite)}
        trigger={
          <Button data-testid="invite-member">
            <UserPlus size={16} aria-hidden="true" /> Invite member
          </Button>
        }
        title="Invite a team member"
        description="You get a one-time link to send them yourself. It works for 7 days."
        contentTestId="invite-member-dialog"
        maxWidth="480px"
        onSubmit={submit}
        submitLabel={"Create invitation link"}
        pendingLabel={"Inviting…"}
        submitTestId="invite-submit"
      >
        <TextFormField
          label="Email"
          error={errors.email}
          registration={form.register("email")}
          type="email"
          autoComplete="off"
          testId="invite-email"
        />
        <Controller
          control={form.control}
          name="role"
          render={({ field }) => (
            <Flex direction="column" gap="1">
              <Text as="div" id={`${id}-role`} size="2" weight="medium">
                Role
              </Text>
              <RadioGroup.Root
                value={field.value}
                onValueChange={field.onChange}
                aria-labelledby={`${id}-role`}
                data-testid="invite-role"
              >
                {TEAM_ROLES.map((role) => (
                  <RadioGroup.Item key={role} value={role} data-testid={`invite-role-${role}`}>
                    {TEAM_ROLE_LABELS[role]}
                    <Text size="1" color="gray">
                      {" "}
                      — {TEAM_ROLE_HINTS[role]}
                    </Text>
                  </RadioGroup.Item>
                ))}
              </RadioGroup.Root>
              {errors.role?.message && (
                <Text size="1" color="red" role="alert">
                  {errors.role.message}
                </Text>
              )}
            </Flex>
          )}
        />
      </FormDialog>
      <SecretDialog
        title="Invitation link"
        secret={issued?.link ?? null}
        onClose={() => {
          setIssued(null);
        }}
      >
        Send it to {issued?.email} yourself: Tollgate sends no email. It works once and expires in 7 days (
        {issued && <DateTime iso={issued.expiresAt} />}).
      </SecretDialog>
    </>
  );
}
