import { useQuery } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";

/** Operators' tenant selector; picks the first tenant once the list arrives so the page is never blank. */
export function TenantPicker({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (tenantId: string) => void;
}): ReactNode {
  const trpc = useTRPC();
  const tenants = useQuery(trpc.tenants.list.queryOptions());
  const first = tenants.data?.[0]?.id;
  useEffect(() => {
    if (value === undefined && first !== undefined) onChange(first);
  }, [value, first, onChange]);

  if (tenants.isPending) return <span className="muted">Loading tenants…</span>;
  if (tenants.isError) return <span className="form-error">{errorMessage(tenants.error)}</span>;
  if (tenants.data.length === 0) return <span className="muted">No tenants yet.</span>;
  return (
    <label className="inline-label">
      Tenant
      <select
        value={value ?? ""}
        onChange={(e) => {
          onChange(e.target.value);
        }}
        data-testid="tenant-picker"
      >
        {tenants.data.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.name}
          </option>
        ))}
      </select>
    </label>
  );
}
