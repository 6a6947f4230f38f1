import { Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { TenantSelect } from "./tenant-select.tsx";

/**
 * Operators' tenant selector in the header; the choice is the URL's `?tenant=` (so it can be shared and survives
 * reloads). With none chosen it picks the first tenant by name, replacing the history entry, so the page is never
 * blank. The searching select itself is TenantSelect, shared with the operator pages' tenant filters.
 */
export function TenantPicker(): ReactNode {
  const trpc = useTRPC();
  const { tenant } = useSearch({ from: "/signed-in" });
  const navigate = useNavigate();

  // The chosen tenant (the same query TenantSelect makes for its name, so it is asked once), or the first to choose.
  const current = useQuery(trpc.tenants.list.queryOptions({ search: tenant, limit: 1 }));
  const first = tenant === undefined ? current.data?.[0]?.id : undefined;
  useEffect(() => {
    if (first !== undefined) {
      void navigate({ to: ".", search: (prev) => ({ ...prev, tenant: first }), replace: true });
    }
  }, [first, navigate]);

  if (current.isPending) return <Text color="gray">Loading tenants…</Text>;
  if (current.isError) return <Text color="red">{errorMessage(current.error)}</Text>;
  if (tenant === undefined && current.data.length === 0) return <Text color="gray">No tenants yet.</Text>;
  return (
    <TenantSelect
      value={tenant}
      onChange={(id) => {
        if (id !== undefined) void navigate({ to: ".", search: (prev) => ({ ...prev, tenant: id }) });
      }}
      variant="header"
      testId="tenant-picker"
    />
  );
}
