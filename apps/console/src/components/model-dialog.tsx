import { zodResolver } from "@hookform/resolvers/zod";
import { Flex, TextArea, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  catalogModelIdSchema,
  catalogProviderSchema,
  changeReasonSchema,
  modelDisplayNameSchema,
} from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";
import { ModelRateHistory } from "./model-rate-history.tsx";

const editSchema = z.object({
  display_name: modelDisplayNameSchema,
  aliases: z.string().max(100_000),
  reason: changeReasonSchema,
});
const createSchema = editSchema.extend({ id: catalogModelIdSchema, provider: catalogProviderSchema });
type ModelForm = z.input<typeof createSchema>;
const FIELDS = ["id", "provider", "display_name", "aliases", "reason"] as const;

/** One alias per line (or separated by commas or spaces: aliases never contain whitespace). */
export function parseAliases(text: string): string[] {
  return text.split(/[\s,]+/).filter((alias) => alias !== "");
}

export interface ModelDialogValues {
  id: string;
  provider: string;
  display_name: string;
  aliases: string[];
}

/**
 * Adds a model to the catalog, or (with `model`) changes its display name and aliases. The api's refusals that name
 * a field (an alias another model has, an id that exists) show at that field.
 */
export function ModelDialog({
  model,
  initial,
  trigger,
  open,
  onOpenChange,
}: {
  model?: ModelDialogValues;
  /** Prefilled values for a new model (from an unrated model name). */
  initial?: Partial<ModelDialogValues>;
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = model ?? initial;
  const defaults = (): ModelForm => ({
    id: start?.id ?? "",
    provider: start?.provider ?? "",
    display_name: start?.display_name ?? "",
    aliases: (start?.aliases ?? []).join("\n"),
    reason: "",
  });
  const form = useForm<ModelForm>({
    resolver: zodResolver(model ? editSchema.extend({ id: z.string(), provider: z.string() }) : createSchema),
    defaultValues: defaults(),
  });
  const dialog = useDialogForm(form, { fields: FIELDS, defaults, open, onOpenChange });
  const { errors } = form.formState;
  const callbacks = {
    onSuccess: async () => {
      dialog.close();
      await queryClient.invalidateQueries(trpc.models.pathFilter());
    },
    onError: dialog.showFieldError,
  };
  const create = useMutation(trpc.models.create.mutationOptions(callbacks));
  const update = useMutation(trpc.models.update.mutationOptions(callbacks));
  const mutation = model ? update : create;

  const submit = form.handleSubmit((values) => {
    const aliases = parseAliases(values.aliases);
    if (model) update.mutate({ id: model.id, display_name: values.display_name, aliases, reason: values.reason });
    else {
      create.mutate({
        id: values.id,
        provider: values.provider,
        display_name: values.display_name,
        aliases,
        reason: values.reason,
      });
    }
  });

  return (
    <FormDialog
      {...dialog.dialogProps(mutation, create, update)}
      trigger={trigger}
      title={<>{model ? `Edit ${model.id}` : "Add a model"}</>}
      description={
        model
          ? "Aliases replace the whole list. New aliases let the rating sweep rate events stored under those names."
          : "Events naming the id or one of its aliases are rated once a plan prices the model."
      }
      contentTestId="model-dialog"
      onSubmit={submit}
      submitLabel={model ? "Save" : "Add model"}
      pendingLabel="Saving…"
      submitTestId="model-submit"
    >
      {!model && (
        <Flex gap="3" direction={{ initial: "column", xs: "row" }}>
          <FormField label="Id" hint="<provider>/<model name>" error={errors.id}>
            {(control) => (
              <TextField.Root {...control} {...form.register("id")} autoComplete="off" data-testid="model-id" />
            )}
          </FormField>
          <FormField label="Provider" error={errors.provider}>
            {(control) => (
              <TextField.Root
                {...control}
                {...form.register("provider")}
                autoComplete="off"
                data-testid="model-provider"
              />
            )}
          </FormField>
        </Flex>
      )}
      <FormField label="Display name" error={errors.display_name}>
        {(control) => (
          <TextField.Root
            {...control}
            {...form.register("display_name")}
            autoComplete="off"
            data-testid="model-display-name"
          />
        )}
      </FormField>
      <FormField
        label="Aliases"
        hint="One per line; * matches any run of characters (claude-opus-4*)."
        error={errors.aliases}
      >
        {(control) => <TextArea {...control} {...form.register("aliases")} rows={4} data-testid="model-aliases" />}
      </FormField>
      {model && <ModelRateHistory modelId={model.id} />}
      <FormField label="Reason" hint="Required: recorded in the audit log." error={errors.reason}>
        {(control) => (
          <TextField.Root {...control} {...form.register("reason")} autoComplete="off" data-testid="model-reason" />
        )}
      </FormField>
    </FormDialog>
  );
}
