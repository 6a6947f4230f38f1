import { Checkbox, TextField } from "@radix-ui/themes";
import { memo, useCallback, type ReactNode } from "react";
import { isValidPrice, type RatesDraft } from "../../lib/rates-draft.ts";
import { useDraftValue } from "./use-draft.ts";

/** One price input; subscribes to its own cell only, so typing re-renders this input and nothing else. */
export const PriceCell = memo(function PriceCell({
  draft,
  cellKey,
  label,
  serverError,
}: {
  draft: RatesDraft;
  cellKey: string;
  label: string;
  serverError?: string | undefined;
}): ReactNode {
  const text = useDraftValue(
    draft,
    useCallback((d: RatesDraft) => d.text(cellKey), [cellKey]),
  );
  const changed = useDraftValue(
    draft,
    useCallback((d: RatesDraft) => d.isChanged(cellKey), [cellKey]),
  );
  const invalid = !isValidPrice(text.trim()) || serverError !== undefined;
  return (
    <TextField.Root
      size="1"
      value={text}
      placeholder="—"
      inputMode="decimal"
      autoComplete="off"
      aria-label={label}
      aria-invalid={invalid}
      title={serverError ?? (invalid ? 'must be a decimal number such as "3.75"' : undefined)}
      color={invalid ? "red" : undefined}
      className={`rate-input${changed ? " rate-changed" : ""}${invalid ? " rate-invalid" : ""}`}
      data-testid="rate-input"
      data-changed={changed}
      onChange={(event) => {
        draft.setText(cellKey, event.target.value);
      }}
    />
  );
});

/** A row's selection box for the bulk actions. */
export const SelectCell = memo(function SelectCell({
  draft,
  modelId,
}: {
  draft: RatesDraft;
  modelId: string;
}): ReactNode {
  const selected = useDraftValue(
    draft,
    useCallback((d: RatesDraft) => d.isSelected(modelId), [modelId]),
  );
  return (
    <Checkbox
      checked={selected}
      aria-label={`Select ${modelId}`}
      data-testid="rate-row-select"
      onCheckedChange={(checked) => {
        draft.setSelected([modelId], checked === true);
      }}
    />
  );
});

/** Selects every row the filters show (or clears them): the bulk actions' usual scope. */
export function SelectAllCell({ draft, modelIds }: { draft: RatesDraft; modelIds: readonly string[] }): ReactNode {
  const state = useDraftValue(
    draft,
    useCallback(
      (d: RatesDraft) => {
        const count = modelIds.filter((id) => d.isSelected(id)).length;
        return count === 0 ? "none" : count === modelIds.length ? "all" : "some";
      },
      [modelIds],
    ),
  );
  return (
    <Checkbox
      checked={state === "all" ? true : state === "some" ? "indeterminate" : false}
      disabled={modelIds.length === 0}
      aria-label={`Select all ${modelIds.length.toString()} models shown`}
      data-testid="rate-select-all"
      onCheckedChange={() => {
        draft.setSelected(modelIds, state !== "all");
      }}
    />
  );
}
