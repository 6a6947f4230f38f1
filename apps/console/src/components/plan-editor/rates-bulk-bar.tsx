import { Button, CheckboxGroup, Flex, Select, Text, TextField } from "@radix-ui/themes";
import { TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import { useCallback, useState, type ReactNode } from "react";
import { applyBulkAction, BULK_PRICE_DECIMALS, bulkActionProblem, type BulkAction } from "../../lib/bulk-price.ts";
import { rateKey, type RatesDraft } from "../../lib/rates-draft.ts";
import { TOKEN_LABELS } from "../../lib/token-labels.ts";
import { FormField } from "../form-field.tsx";
import { useDraftValue } from "./use-draft.ts";

const selectedCountOf = (draft: RatesDraft) => draft.selectedCount();

/** "Markup/discount by X %" or "set price" over the selected models' chosen token types, under one condition. */
export function RatesBulkBar({ draft, condition }: { draft: RatesDraft; condition: string }): ReactNode {
  const selected = useDraftValue(draft, selectedCountOf);
  const [kind, setKind] = useState<BulkAction["kind"]>("percent");
  const [value, setValue] = useState("");
  const [types, setTypes] = useState<string[]>([...TOKEN_TYPES]);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const apply = () => {
    const action: BulkAction = kind === "percent" ? { kind, percent: value } : { kind, price: value };
    const why = bulkActionProblem(action) ?? (types.length === 0 ? "Pick at least one token type" : null);
    setProblem(why);
    if (why !== null) return;
    const cells = new Map<string, string>();
    for (const modelId of draft.selectedIds()) {
      for (const type of types as TokenType[]) {
        const key = rateKey(modelId, condition, type);
        cells.set(key, draft.text(key));
      }
    }
    const changed = applyBulkAction(cells, action);
    draft.setTexts(changed);
    setResult(`${changed.size.toString()} price${changed.size === 1 ? "" : "s"} changed`);
  };

  return (
    <Flex direction="column" gap="2" className="bulk-bar" data-testid="rates-bulk">
      <Flex gap="3" wrap="wrap" align="end">
        <FormField label="Bulk action">
          {(control) => (
            <Select.Root
              value={kind}
              onValueChange={(next) => {
                setKind(next as BulkAction["kind"]);
              }}
            >
              <Select.Trigger {...control} data-testid="bulk-kind" />
              <Select.Content>
                <Select.Item value="percent">Markup / discount by %</Select.Item>
                <Select.Item value="set">Set price per 1M</Select.Item>
              </Select.Content>
            </Select.Root>
          )}
        </FormField>
        <FormField
          label={kind === "percent" ? "Percent (−10 for a discount)" : "Price per 1M"}
          error={problem === null ? undefined : { message: problem }}
        >
          {(control) => (
            <TextField.Root
              {...control}
              value={value}
              onChange={(event) => {
                setValue(event.target.value);
              }}
              inputMode="decimal"
              autoComplete="off"
              placeholder={kind === "percent" ? "20" : "3.75"}
              data-testid="bulk-value"
            />
          )}
        </FormField>
        <Button type="button" disabled={selected === 0} onClick={apply} data-testid="bulk-apply">
          Apply to {selected.toString()} selected
        </Button>
      </Flex>
      <CheckboxGroup.Root value={types} onValueChange={setTypes} aria-label="Token types the bulk action changes">
        <Flex gap="3" wrap="wrap">
          {TOKEN_TYPES.map((type) => (
            <CheckboxGroup.Item key={type} value={type} data-testid={`bulk-type-${type}`}>
              {TOKEN_LABELS[type]}
            </CheckboxGroup.Item>
          ))}
        </Flex>
      </CheckboxGroup.Root>
      <Text size="1" color="gray" role="status" data-testid="bulk-result">
        {result ??
          `Computed prices are rounded to ${BULK_PRICE_DECIMALS.toString()} decimals (half-even); empty cells are left empty by a % change.`}
      </Text>
    </Flex>
  );
}

/** Changes so far, invalid cells, and Discard. */
export function RatesChangeCount({ draft }: { draft: RatesDraft }): ReactNode {
  const changes = useDraftValue(
    draft,
    useCallback((d: RatesDraft) => d.changeCount(), []),
  );
  const invalid = useDraftValue(
    draft,
    useCallback((d: RatesDraft) => d.invalidCount(), []),
  );
  return (
    <Flex gap="3" align="center" wrap="wrap">
      <Text size="2" data-testid="rates-change-count">
        {changes.toString()} changed price{changes === 1 ? "" : "s"}
        {invalid > 0 && <Text color="red"> · {invalid.toString()} not a valid price</Text>}
      </Text>
      <Button
        type="button"
        size="1"
        variant="soft"
        color="gray"
        disabled={changes === 0}
        onClick={() => {
          draft.discard();
        }}
        data-testid="rates-discard"
      >
        Discard rate changes
      </Button>
    </Flex>
  );
}
