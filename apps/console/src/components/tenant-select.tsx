import * as Ariakit from "@ariakit/react";
import { Spinner, Text } from "@radix-ui/themes";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Check, ChevronDown, Search } from "lucide-react";
import { startTransition, useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useTypingPause } from "../lib/use-typing-pause.ts";

/** Matches one search shows: a screenful; typing more narrows it, so the directory is never loaded whole. */
export const TENANT_SELECT_LIMIT = 20;

/** The "no tenant chosen" item's value: tenant ids are uuids, so it is never one of them. */
const ANY = "any";

export interface TenantSelectProps {
  /** The chosen tenant's id; undefined: none (the `anyLabel` item, or the placeholder). */
  value: string | undefined;
  /** A tenant's id, or undefined when the `anyLabel` item is chosen. */
  onChange: (id: string | undefined) => void;
  /** A first item that clears the choice (a filter's "Every tenant"); absent: a tenant must be chosen. */
  anyLabel?: string;
  /** The trigger's text while nothing is chosen and there is no `anyLabel`. */
  placeholder?: string;
  /** "header": the app header's soft accent button; "field": a form control like Radix's select trigger. */
  variant?: "header" | "field";
  testId: string;
  /** The trigger's id (a FormField's label points at it), its ARIA label, invalid flag and message. */
  id?: string;
  "aria-label"?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string | undefined;
}

/**
 * Operators' tenant select: there may be thousands of tenants, so its popover searches the server (tenants.list with
 * a search and a limit) instead of listing them all. The chosen tenant's name is looked up by its id alone (a whole
 * id ranks its tenant first), so a choice that came from the URL still shows its name. Ariakit's combobox select
 * keeps the ARIA roles, focus and arrow keys right; it is unstyled, so styles.css dresses it in Radix Themes tokens.
 */
export function TenantSelect(props: TenantSelectProps): ReactNode {
  const { value, onChange, anyLabel, testId } = props;
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const search = useTypingPause(text.trim());

  const chosen = useQuery({
    ...trpc.tenants.list.queryOptions({ search: value ?? "", limit: 1 }),
    enabled: value !== undefined,
  });
  const matches = useQuery({
    ...trpc.tenants.list.queryOptions({ search: search === "" ? undefined : search, limit: TENANT_SELECT_LIMIT }),
    enabled: open,
    // The last matches stay listed while the next search loads, so the list does not flash empty per keystroke.
    placeholderData: keepPreviousData,
  });

  const chosenTenant = chosen.data?.[0];
  let label: string;
  if (value === undefined) label = anyLabel ?? props.placeholder ?? "Choose a tenant…";
  else if (chosen.isPending) label = "Loading…";
  else if (chosenTenant?.id === value) label = chosenTenant.name;
  else label = "Unknown tenant";
  const searching = matches.isFetching || text.trim() !== search;
  const variant = props.variant ?? "field";

  return (
    <Ariakit.ComboboxProvider
      resetValueOnHide
      setInputValue={(next) => {
        startTransition(() => {
          setText(next);
        });
      }}
      selectedValue={value ?? ANY}
      setSelectedValue={(id) => {
        if (id === ANY) {
          if (anyLabel !== undefined) onChange(undefined);
        } else if (id !== "") onChange(id);
      }}
      open={open}
      setOpen={setOpen}
    >
      <Ariakit.ComboboxSelect
        className={`tenant-picker-trigger tenant-picker-trigger-${variant}`}
        id={props.id}
        aria-label={props["aria-label"] ?? "Tenant"}
        aria-invalid={props["aria-invalid"]}
        aria-describedby={props["aria-describedby"]}
        data-testid={testId}
      >
        <span className="tenant-picker-label">{label}</span>
        <ChevronDown size={14} aria-hidden="true" />
      </Ariakit.ComboboxSelect>
      {/* Not in a portal: outside the Radix Themes root it would lose the theme's tokens (styles.css uses them). */}
      <Ariakit.ComboboxPopover
        gutter={6}
        aria-label="Choose a tenant"
        className="tenant-picker-popover"
        data-testid={`${testId}-popover`}
      >
        <div className="tenant-picker-search">
          <Search size={14} aria-hidden="true" />
          <Ariakit.Combobox
            autoSelect
            placeholder="Search by name or id…"
            aria-label="Search tenants"
            data-testid={`${testId}-search`}
          />
          {searching && <Spinner size="1" aria-label="Searching" />}
        </div>
        <Ariakit.ComboboxList className="tenant-picker-list" aria-label="Tenants">
          {anyLabel !== undefined && search === "" && (
            <Ariakit.ComboboxItem value={ANY} className="tenant-picker-item" data-testid={`${testId}-any`}>
              <span className="tenant-picker-label">{anyLabel}</span>
              {value === undefined && <Check size={14} aria-label="current" />}
            </Ariakit.ComboboxItem>
          )}
          {matches.data?.map((item) => (
            <Ariakit.ComboboxItem
              key={item.id}
              value={item.id}
              className="tenant-picker-item"
              data-testid={`${testId}-option`}
            >
              <span className="tenant-picker-label">{item.name}</span>
              <span className="tenant-picker-slug">{item.slug}</span>
              {item.id === value && <Check size={14} aria-label="current" />}
            </Ariakit.ComboboxItem>
          ))}
        </Ariakit.ComboboxList>
        <SelectStatus
          pending={matches.isPending}
          error={matches.isError ? errorMessage(matches.error) : null}
          empty={matches.data?.length === 0 && !searching}
          full={matches.data?.length === TENANT_SELECT_LIMIT}
          search={search}
          testId={`${testId}-status`}
        />
      </Ariakit.ComboboxPopover>
    </Ariakit.ComboboxProvider>
  );
}

/** The line under the matches: loading, failed, nothing found, or "type more" when only the first ones show. */
function SelectStatus({
  pending,
  error,
  empty,
  full,
  search,
  testId,
}: {
  pending: boolean;
  error: string | null;
  empty: boolean;
  full: boolean;
  search: string;
  testId: string;
}): ReactNode {
  let message: ReactNode = null;
  if (error !== null) message = <Text color="red">{error}</Text>;
  else if (pending) message = "Loading tenants…";
  else if (empty) message = search === "" ? "No tenants yet." : `No tenant matches “${search}”.`;
  else if (full) message = `The first ${TENANT_SELECT_LIMIT.toString()} by name: type to narrow.`;
  if (message === null) return null;
  return (
    <Text as="p" size="1" color="gray" className="tenant-picker-status" role="status" data-testid={testId}>
      {message}
    </Text>
  );
}
