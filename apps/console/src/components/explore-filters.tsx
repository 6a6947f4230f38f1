import { Flex } from "@radix-ui/themes";
import { TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import type { ReactNode } from "react";
import type { ExploreOptions } from "../lib/router-types.ts";
import type { UsageSearch } from "../lib/search-params.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { MultiSelectFilter } from "./multi-select-filter.tsx";

type FilterKey = "model" | "api_key" | "customer" | "agent" | "token_type";
type Option = { value: string; label: string };

/** The filters in the order shown, with their test ids. */
const FILTERS: readonly { key: FilterKey; label: string; testId: string }[] = [
  { key: "model", label: "Model", testId: "filter-model" },
  { key: "api_key", label: "API key", testId: "filter-api-key" },
  { key: "customer", label: "Customer", testId: "filter-customer" },
  { key: "agent", label: "Agent", testId: "filter-agent" },
  { key: "token_type", label: "Token type", testId: "filter-token-type" },
];

/** What each filter offers: the values seen in the period ("(none)" matches events without one), keys by name. */
function filterOptions(options: ExploreOptions | undefined): Record<FilterKey, Option[]> {
  const seen = (values: readonly string[] | undefined) => [
    ...(values ?? []).map((value) => ({ value, label: value })),
    { value: "", label: "(none)" },
  ];
  return {
    model: (options?.models ?? []).map((value) => ({ value, label: value })),
    api_key: [
      ...(options?.api_keys ?? []).map((key) => ({
        value: key.id,
        label: `${key.name} (${key.prefix})${key.revoked ? " — revoked" : ""}`,
      })),
      { value: "", label: "(none)" },
    ],
    customer: seen(options?.customers),
    agent: seen(options?.agents),
    token_type: TOKEN_TYPES.map((type) => ({ value: type, label: TOKEN_LABELS[type] })),
  };
}

function isTokenType(value: string): value is TokenType {
  return (TOKEN_TYPES as readonly string[]).includes(value);
}

/** The usage page's filters, each a menu of the values seen in the period; nothing checked is no filter. */
export function ExploreFilters({
  search,
  options,
  update,
}: {
  search: UsageSearch;
  options: ExploreOptions | undefined;
  update: (patch: Partial<UsageSearch>) => void;
}): ReactNode {
  const choices = filterOptions(options);
  return (
    <Flex align="center" gap="2" wrap="wrap" role="group" aria-label="Filters">
      {FILTERS.map(({ key, label, testId }) => (
        <MultiSelectFilter
          key={key}
          label={label}
          options={choices[key]}
          selected={search[key] ?? []}
          onChange={(values) => {
            const kept = key === "token_type" ? values.filter(isTokenType) : values;
            update({ [key]: values.length > 0 ? kept : undefined });
          }}
          testId={testId}
        />
      ))}
    </Flex>
  );
}
