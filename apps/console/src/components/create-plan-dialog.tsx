import { zodResolver } from "@hookform/resolvers/zod";
import { Button, TextArea } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { Plus } from "lucide-react";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField, TextFormField } from "./form-field.tsx";

// The api's own rules for a plan (createPlan), checked here first so most mistakes never leave the browser.
const newPlanSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "1–63 lower-case letters, digits, '-' or '_'"),
  name: z.string().trim().min(1, "required").max(200, "at most 200 characters"),
  description: z.string().max(2000, "at most 2000 characters"),
});
type NewPlan = z.infer<typeof newPlanSchema>;
const FIELDS = ["code", "name", "description"] as const;

/** "New plan": code, name and description; a taken code is shown at the code field. Opens the new plan. */
export function CreatePlanDialog(): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<NewPlan>({
    resolver: zodResolver(newPlanSchema),
    defaultValues: { code: "", name: "", description: "" },
  });
  const dialog = useDialogForm(form, { fields: FIELDS });
  const { errors } = form.formState;
  const create = useMutation(
    trpc.plans.create.mutationOptions({
      onSuccess: async (plan) => {
        dialog.close();
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
        await navigate({ to: "/admin/plans/$planId", params: { planId: plan.id } });
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    create.mutate({
      code: values.code,
      name: values.name,
      description: values.description === "" ? undefined : values.description,
    });
  });

  return (
    <FormDialog
      {...dialog.dialogProps(create)}
      trigger={
        <Button data-testid="create-plan">
          <Plus size={16} aria-hidden="true" /> New plan
        </Button>
      }
      title="New plan"
      description="A plan holds the versions of its prices; add its first draft version next."
      contentTestId="create-plan-dialog"
      onSubmit={submit}
      submitLabel="Create plan"
      pendingLabel="Creating…"
      submitTestId="plan-submit"
    >
      <TextFormField
        label="Code"
        hint="Stable identifier, e.g. pro. Cannot change later."
        error={errors.code}
        registration={form.register("code")}
        autoComplete="off"
        testId="plan-code"
      />
      <TextFormField label="Name" error={errors.name} registration={form.register("name")} testId="plan-name" />
      <FormField label="Description (optional)" error={errors.description}>
        {(control) => <TextArea {...control} {...form.register("description")} data-testid="plan-description" />}
      </FormField>
    </FormDialog>
  );
}
