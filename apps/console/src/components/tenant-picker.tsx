import * as Ariakit from "@ariakit/react";
import { Spinner, Text } from "@radix-ui/themes";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { Check, ChevronDown, Search } from "lucide-react";
import { startTransition, useEffect, useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useTypingPause } from "../lib/use-typing-pause.ts";

/** Matches one search shows: a screenful; typing more narrows it, so the directory is never loaded whole. */
export const TENANT_PICKER_LIMIT = 20;

/**
 * Operators' tenant selector; the choice is the URL's `?tenant=` (so it can be shared and survives reloads). With
 * none chosen it picks the first tenant by name, replacing the history entry, so the page is never blank. A select
 * whose popover searches the server (tenants.list with a search and a limit): there may be thousands of tenants.
 * Ariakit's combobox select keeps the ARIA roles, focus and arrow keys right; it is unstyled, so styles.css dresses
 * it in the Radix Themes tokens.
 */
export function TenantPicker(): ReactNode {
  const trpc = useTRPC();
  const { tenant } = useSearch({ from: "/signed-in" });
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const search = useTypingPause(text.trim());

  // The chosen tenant's name (a whole id ranks its tenant first), or the first tenant to choose.
  const current = useQuery(trpc.tenants.list.queryOptions({ search: tenant, limit: 1 }));
  const currentTenant = current.data?.[0];
  const first = tenant === undefined ? currentTenant?.id : undefined;
  useEffect(() => {
    if (first !== undefined) {
      void navigate({ to: ".", search: (prev) => ({ ...prev, tenant: first }), replace: true });
    }
  }, [first, navigate]);
  const matches = useQuery({
    ...trpc.tenants.list.queryOptions({ search: search === "" ? undefined : search, limit: TENANT_PICKER_LIMIT }),
    enabled: open,
    // The last matches stay listed while the next search loads, so the list does not flash empty per keystroke.
    placeholderData: keepPreviousData,
  });

  if (current.isPending) return <Text color="gray">Loading tenants…</Text>;
  if (current.isError) return <Text color="red">{errorMessage(current.error)}</Text>;
  if (tenant === undefined && current.data.length === 0) return <Text color="gray">No tenants yet.</Text>;
  const label = currentTenant?.id === tenant ? currentTenant?.name : "Unknown tenant";
  const searching = matches.isFetching || text.trim() !== search;

  return (
    <Ariakit.ComboboxProvider
      resetValueOnHide
      setInputValue={(value) => {
        startTransition(() => {
          setText(value);
        });
      }}
      selectedValue={tenant ?? ""}
      setSelectedValue={(id) => {
        if (id !== "") void navigate({ to: ".", search: (prev) => ({ ...prev, tenant: id }) });
      }}
      open={open}
      setOpen={setOpen}
    >
      <Ariakit.ComboboxSelect className="tenant-picker-trigger" aria-label="Tenant" data-testid="tenant-picker">
        <span className="tenant-picker-label">{label}</span>
        <ChevronDown size={14} aria-hidden="true" />
      </Ariakit.ComboboxSelect>
      <Ariakit.ComboboxPopover
        gutter={6}
        aria-label="Choose a tenant"
        className="tenant-picker-popover"
        data-testid="tenant-picker-popover"
      >
        <div className="tenant-picker-search">
          <Search size={14} aria-hidden="true" />
          <Ariakit.Combobox
            autoSelect
            placeholder="Search by name or id…"
            aria-label="Search tenants"
            data-testid="tenant-picker-search"
          />
          {searching && <Spinner size="1" aria-label="Searching" />}
        </div>
        <Ariakit.ComboboxList className="tenant-picker-list" aria-label="Tenants">
          {matches.data?.map((item) => (
            <Ariakit.ComboboxItem
              key={item.id}
              value={item.id}
              className="tenant-picker-item"
              data-testid="tenant-picker-option"
            >
              <span className="tenant-picker-label">{item.name}</span>
              <span className="tenant-picker-slug">{item.slug}</span>
              {item.id === tenant && <Check size={14} aria-label="current" />}
            </Ariakit.ComboboxItem>
          ))}
        </Ariakit.ComboboxList>
        <PickerStatus
          pending={matches.isPending}
          error={matches.isError ? errorMessage(matches.error) : null}
          empty={matches.data?.length === 0 && !searching}
          full={matches.data?.length === TENANT_PICKER_LIMIT}
          search={search}
        />
      </Ariakit.ComboboxPopover>
    </Ariakit.ComboboxProvider>
  );
}

/** The line under the matches: loading, failed, nothing found, or "type more" when only the first ones show. */
function PickerStatus({
  pending,
  error,
  empty,
  full,
  search,
}: {
  pending: boolean;
  error: string | null;
  empty: boolean;
  full: boolean;
  search: string;
}): ReactNode {
  let message: ReactNode = null;
  if (error !== null) message = <Text color="red">{error}</Text>;
  else if (pending) message = "Loading tenants…";
  else if (empty) message = search === "" ? "No tenants yet." : `No tenant matches “${search}”.`;
  else if (full) message = `The first ${TENANT_PICKER_LIMIT.toString()} by name: type to narrow.`;
  if (message === null) return null;
  return (
    <Text
      as="p"
      size="1"
      color="gray"
      className="tenant-picker-status"
      role="status"
      data-testid="tenant-picker-status"
    >
      {message}
    </Text>
  );
}
