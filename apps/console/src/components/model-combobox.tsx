import { TextField } from "@radix-ui/themes";
import { matchesModelPattern } from "@tollgate/domain";
import type { ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import type { CatalogModel } from "./plan-editor/rates-table.tsx";

/**
 * A model id typed with the catalog's models as suggestions: the browser's own combobox (`<input list>`), which
 * filters the ~1,500 ids as one types, works with a phone's keyboard and needs no library. Free text on purpose:
 * an override may also name a glob ("openai/*"), which no list could offer. The suggestions are one
 * `<ModelSuggestions>` per form, however many inputs use them.
 */
export function ModelCombobox({
  control,
  registration,
  listId,
  testId,
}: {
  control: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined };
  registration: UseFormRegisterReturn;
  listId: string;
  testId: string;
}): ReactNode {
  return (
    <TextField.Root
      {...control}
      {...registration}
      list={listId}
      placeholder="provider/model, or a glob such as openai/*"
      autoComplete="off"
      autoCapitalize="off"
      spellCheck={false}
      data-testid={testId}
    />
  );
}

/** The catalog's model ids for the form's model inputs (their `listId`). */
export function ModelSuggestions({ id, models }: { id: string; models: readonly CatalogModel[] }): ReactNode {
  return (
    <datalist id={id}>
      {models.map((model) => (
        <option key={model.id} value={model.id}>
          {model.display_name}
        </option>
      ))}
    </datalist>
  );
}

/** What a typed model names in the catalog, for the field's hint. */
export function catalogMatch(pattern: string, models: readonly CatalogModel[]): string {
  const text = pattern.trim();
  if (text === "") return "Type to search the catalog's models.";
  if (text.includes("*")) {
    const count = models.filter((model) => matchesModelPattern(text, model.id)).length;
    return `Glob: matches ${count.toString()} catalog model${count === 1 ? "" : "s"}.`;
  }
  const model = models.find((candidate) => candidate.id === text);
  return model ? `${model.display_name} · ${model.provider}` : "Not in the catalog: pick one of the suggestions.";
}
