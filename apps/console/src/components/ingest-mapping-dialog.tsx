import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import {
  MAPPING_DEFAULTS,
  mappingConfig,
  mappingFormOf,
  mappingFormSchema,
  mappingServerError,
  type MappingForm,
} from "../lib/ingest-mapping-form.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { FormDialog } from "./form-dialog.tsx";
import { IngestMappingFields } from "./ingest-mapping-fields.tsx";

export type IngestMapping = RouterOutputs["ingestMappings"]["list"]["mappings"][number];

/**
 * Adds a mapping, or (given one) changes how its events are read. Both are the api's put: a mapping is named by
 * its source and key, so saving one that exists replaces its config. Ingest applies a change within 5 s.
 */
export function IngestMappingDialog({ tenantId, mapping }: { tenantId: string; mapping?: IngestMapping }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const editing = mapping !== undefined;
  const defaults: MappingForm = mapping ? mappingFormOf(mapping) : MAPPING_DEFAULTS;
  const form = useForm<MappingForm>({ resolver: zodResolver(mappingFormSchema), defaultValues: defaults });
  const put = useMutation(
    trpc.ingestMappings.put.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.ingestMappings.pathFilter());
      },
      onError: (error) => {
        const field = mappingServerError(error);
        if (field) form.setError(field.field, { message: field.message });
      },
    }),
  );
  const fieldError = put.isError ? mappingServerError(put.error) : null;
  const submit = form.handleSubmit((values) => {
    put.mutate({ tenantId, source: values.source, key: values.key, config: mappingConfig(values) });
  });

  return (
    <FormDialog
      {...dialog.bind(
        {
          reset: () => {
            form.reset(defaults);
          },
        },
        put,
      )}
      trigger={
        editing ? (
          <Button size="1" variant="soft" color="gray" data-testid="mapping-edit">
            Edit
          </Button>
        ) : (
          <Button size="2" variant="soft" data-testid="mapping-open">
            <Plus size={16} aria-hidden /> Add mapping
          </Button>
        )
      }
      title={editing ? "Edit the ingest mapping" : "Add an ingest mapping"}
      description={
        editing
          ? "How this key's events are read; ingest applies the change within 5 seconds."
          : "How the tenant's Lago events or Stripe meter events become usage events; applied within 5 seconds."
      }
      contentTestId="mapping-dialog"
      maxWidth="600px"
      onSubmit={submit}
      error={put.isError && fieldError === null ? put.error : null}
      pending={put.isPending}
      submitLabel={editing ? "Save changes" : "Add mapping"}
      pendingLabel="Saving…"
      submitTestId="mapping-submit"
    >
      <IngestMappingFields form={form} editing={editing} />
    </FormDialog>
  );
}
