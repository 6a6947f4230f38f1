import { money, nonNegativeDecimalText, TOKEN_TYPES, type TokenType } from "@tollgate/domain";

/** One explicit rate as the api sends and takes it. */
export interface PlanRate {
  model_id: string;
  token_type: TokenType;
  condition: string;
  price_per_million: string;
}

/** A cell of the rates editor: one model's price per 1M tokens of one type, under one condition ('' = base). */
export function rateKey(modelId: string, condition: string, tokenType: TokenType): string {
  return `${modelId}\u0000${condition}\u0000${tokenType}`;
}

export function isValidPrice(text: string): boolean {
  return text === "" || nonNegativeDecimalText.safeParse(text).success;
}

/** "1.50" and "1.5" are the same price: an edit back to the saved value is no change. */
function samePrice(a: string, b: string): boolean {
  if (a === b) return true;
  if (a === "" || b === "" || !isValidPrice(a) || !isValidPrice(b)) return false;
  return money(a).eq(money(b));
}

/**
 * The editor's state outside React: thousands of cells, of which only the visible ones are rendered. Each cell
 * subscribes to its own text (useSyncExternalStore), so typing in one re-renders that cell and the counters only,
 * never the whole table. Prices stay text: exact decimals, never numbers.
 */
export class RatesDraft {
  private saved: Map<string, string>;
  private readonly edits = new Map<string, string>();
  private readonly selected = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(rates: readonly PlanRate[]) {
    this.saved = new Map(
      rates.map((rate) => [rateKey(rate.model_id, rate.condition, rate.token_type), rate.price_per_million]),
    );
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  text(key: string): string {
    return this.edits.get(key) ?? this.saved.get(key) ?? "";
  }

  isChanged(key: string): boolean {
    return this.edits.has(key);
  }

  setTexts(texts: ReadonlyMap<string, string>): void {
    for (const [key, text] of texts) {
      if (samePrice(text.trim(), this.saved.get(key) ?? "")) this.edits.delete(key);
      else this.edits.set(key, text);
    }
    this.notify();
  }

  setText(key: string, text: string): void {
    this.setTexts(new Map([[key, text]]));
  }

  changeCount(): number {
    return this.edits.size;
  }

  invalidCount(): number {
    let count = 0;
    for (const text of this.edits.values()) if (!isValidPrice(text.trim())) count += 1;
    return count;
  }

  discard(): void {
    this.edits.clear();
    this.notify();
  }

  /** The conditions the saved rates use ('' for the base rates). */
  savedConditions(): Set<string> {
    return new Set([...this.saved.keys()].map((key) => key.split("\u0000")[1] ?? ""));
  }

  /** Every rate after the edits, for the update call (which replaces the whole list); an emptied cell is no rate. */
  rateList(): PlanRate[] {
    const merged = new Map(this.saved);
    for (const [key, text] of this.edits) merged.set(key, text.trim());
    const rates: PlanRate[] = [];
    for (const [key, price] of merged) {
      if (price === "") continue;
      const [modelId = "", condition = "", tokenType = ""] = key.split("\u0000");
      const type = TOKEN_TYPES.find((candidate) => candidate === tokenType);
      if (type) rates.push({ model_id: modelId, token_type: type, condition, price_per_million: price });
    }
    return rates;
  }

  /** After a save: the edits are the saved state now. */
  commit(rates: readonly PlanRate[]): void {
    this.saved = new Map(
      rates.map((rate) => [rateKey(rate.model_id, rate.condition, rate.token_type), rate.price_per_million]),
    );
    this.edits.clear();
    this.notify();
  }

  isSelected(modelId: string): boolean {
    return this.selected.has(modelId);
  }

  selectedCount(): number {
    return this.selected.size;
  }

  selectedIds(): string[] {
    return [...this.selected];
  }

  setSelected(modelIds: readonly string[], selected: boolean): void {
    for (const id of modelIds) {
      if (selected) this.selected.add(id);
      else this.selected.delete(id);
    }
    this.notify();
  }
}
