import type { FieldPath, FieldValues, UseFormReturn } from "react-hook-form";
import { serverFieldError } from "./server-field-error.ts";
import { useDialog, type DialogBinding, type Resettable } from "./use-dialog.ts";

/** The part of a react-query mutation a form dialog shows. */
export interface DialogMutation extends Resettable {
  isError: boolean;
  error: unknown;
  isPending: boolean;
}

/**
 * A form in a dialog (FormDialog) whose mutation the api may refuse at a field. Opening the dialog resets the form
 * (to `defaults`, else the form's own default values) and the mutations; an answer naming one of `fields` is shown
 * at that field (`showFieldError` is the mutation's onError), any other in the dialog's footer.
 */
export function useDialogForm<T extends FieldValues>(
  form: UseFormReturn<T>,
  { fields, defaults, ...controlled }: { fields: readonly FieldPath<T>[]; defaults?: () => T } & Partial<DialogBinding>,
): {
  open: boolean;
  close: () => void;
  showFieldError: (error: unknown) => void;
  dialogProps: (
    shown: DialogMutation,
    ...alsoReset: Resettable[]
  ) => DialogBinding & { error: unknown; pending: boolean };
} {
  const dialog = useDialog(controlled);
  const resetForm = {
    reset: () => {
      form.reset(defaults?.());
    },
  };
  return {
    open: dialog.open,
    close: dialog.close,
    showFieldError: (error) => {
      const field = serverFieldError(error, fields);
      if (field) form.setError(field.field, { message: field.message });
    },
    dialogProps: (shown, ...alsoReset) => ({
      ...dialog.bind(resetForm, shown, ...alsoReset),
      error: shown.isError && serverFieldError(shown.error, fields) === null ? shown.error : null,
      pending: shown.isPending,
    }),
  };
}
