import { Select, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";

/**
 * Operators' tenant selector; the choice is the URL's `?tenant=` (so it can be shared and survives reloads). With
 * none chosen it picks the first tenant, replacing the history entry, so the page is never blank.
 */
export function TenantPicker(): ReactNode {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.tenants.list.queryOptions());
  const { tenant } = useSearch({ from: "/signed-in" });
  const navigate = useNavigate();
  const first = tenants.data?.[0]?.id;
  useEffect(() => {
    if (tenant === undefined && first !== undefined) {
      void navigate({ to: ".", search: (prev) => ({ ...prev, tenant: first }), replace: true });
    }
  }, [tenant, first, navigate]);

  if (tenants.isPending) return <Text color="gray">Loading tenants…</Text>;
  if (tenants.isError) return <Text color="red">{errorMessage(tenants.error)}</Text>;
  if (tenants.data.length === 0) return <Text color="gray">No tenants yet.</Text>;
  return (
    <Select.Root
      value={tenant ?? ""}
      onValueChange={(id) => {
        void navigate({ to: ".", search: (prev) => ({ ...prev, tenant: id }) });
      }}
    >
      <Select.Trigger aria-label="Tenant" data-testid="tenant-picker" variant="soft" />
      <Select.Content>
        {tenants.data.map((item) => (
          <Select.Item key={item.id} value={item.id}>
            {item.name}
          </Select.Item>
        ))}
      </Select.Content>
    </Select.Root>
  );
}
