import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Select, TextField } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

const schema = z.object({
  plan_version_id: z.string().min(1, "pick a published plan version"),
  starts_at: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date")]),
  reason: z.string().max(2000),
});
type SubscribeForm = z.input<typeof schema>;
const FIELDS = ["plan_version_id", "starts_at", "reason"] as const;

/** Puts the tenant on a published plan version from a date (UTC midnight) or now; the current one ends there. */
export function SubscribeDialog({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const defaults: SubscribeForm = { plan_version_id: "", starts_at: "", reason: "" };
  const form = useForm<SubscribeForm>({ resolver: zodResolver(schema), defaultValues: defaults });
  const dialog = useDialogForm(form, { fields: FIELDS, defaults: () => defaults });
  const plans = useQuery({ ...trpc.plans.list.queryOptions({}), enabled: dialog.open });
  const versions = (plans.data?.plans ?? []).flatMap((plan) =>
    plan.versions
      .filter((version) => version.status === "published")
      .map((version) => ({
        id: version.id,
        label: `${plan.name} (${plan.code}) v${version.version.toString()} · ${version.currency}`,
      })),
  );
  const { errors } = form.formState;
  const assign = useMutation(
    trpc.subscriptions.assign.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.subscriptions.pathFilter());
        await queryClient.invalidateQueries(trpc.tenantBilling.pathFilter());
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    assign.mutate({
      tenantId,
      plan_version_id: values.plan_version_id,
      starts_at: values.starts_at === "" ? new Date().toISOString() : `${values.starts_at}T00:00:00Z`,
      reason: values.reason.trim() === "" ? undefined : values.reason.trim(),
    });
  });

  return (
    <FormDialog
      {...dialog.dialogProps(assign)}
      trigger={
        <Button size="2" variant="soft" data-testid="subscribe-open">
          Subscribe to plan version
        </Button>
      }
      title="Subscribe to a plan version"
      description={
        <>The subscription in force at the start ends there; the tenant&apos;s usage from then on is re-rated.</>
      }
      contentTestId="subscribe-dialog"
      onSubmit={submit}
      submitLabel="Subscribe"
      pendingLabel="Subscribing…"
      submitTestId="subscribe-submit"
    >
      <Controller
        control={form.control}
        name="plan_version_id"
        render={({ field }) => (
          <FormField
            label="Plan version"
            hint={plans.isPending ? "Loading plans…" : versions.length === 0 ? "No published versions yet." : undefined}
            error={errors.plan_version_id}
          >
            {(control) => (
              <Select.Root value={field.value} onValueChange={field.onChange}>
                <Select.Trigger {...control} placeholder="Pick a version" data-testid="subscribe-version" />
                <Select.Content>
                  {versions.map((version) => (
                    <Select.Item key={version.id} value={version.id}>
                      {version.label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        )}
      />
      <FormField label="Starts at (UTC midnight)" hint="Empty: now." error={errors.starts_at}>
        {(control) => (
          <TextField.Root {...control} {...form.register("starts_at")} type="date" data-testid="subscribe-starts" />
        )}
      </FormField>
      <FormField label="Reason (optional)" hint="Recorded in the audit log." error={errors.reason}>
        {(control) => (
          <TextField.Root {...control} {...form.register("reason")} autoComplete="off" data-testid="subscribe-reason" />
        )}
      </FormField>
    </FormDialog>
  );
}
