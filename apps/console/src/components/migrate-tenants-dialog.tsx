import { Button, Select, Table, Text, TextField } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { formatMoney } from "../lib/format.ts";
import type { PlanVersion } from "../lib/plan-views.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

type Preview = RouterOutputs["subscriptionMigrations"]["migrate"];

/** A money cell of the preview: a total the version cannot price says so instead of a false number. */
function versionTotal(total: Preview["tenants"][number]["current"]): string {
  const amount = formatMoney(total.amount, total.currency);
  return total.unpriced_models.length === 0
    ? amount
    : `${amount} + ${total.unpriced_models.length.toString()} unpriced`;
}

/**
 * Moves every tenant on this version to another published version, in two steps: a preview (the tenants, and this
 * month's usage so far priced under both versions' base rates), then the move of exactly the previewed tenants at the
 * previewed instant, in one audited transaction (their usage from then on is re-rated).
 */
export function MigrateTenantsDialog({ version }: { version: PlanVersion }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const previewRun = useMutation(trpc.subscriptionMigrations.migrate.mutationOptions({ onSuccess: setPreview }));
  const apply = useMutation(
    trpc.subscriptionMigrations.migrate.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.subscriptions.pathKey() });
      },
    }),
  );
  const startOver = {
    reset: () => {
      setTarget("");
      setReason("");
      setPreview(null);
      previewRun.reset();
      apply.reset();
    },
  };
  const plans = useQuery({ ...trpc.plans.list.queryOptions({}), enabled: dialog.open });
  const targets = (plans.data?.plans ?? []).flatMap((plan) =>
    plan.versions
      .filter((other) => other.status === "published" && other.id !== version.id)
      .map((other) => ({ id: other.id, label: `${plan.name} v${other.version.toString()} · ${other.currency}` })),
  );
  const name = `v${version.version.toString()}`;
  const chosen = preview !== null && preview.to_version_id === target;
  const submit = () => {
    if (target === "") return;
    const trimmed = reason.trim() === "" ? undefined : reason.trim();
    const base = { from_version_id: version.id, to_version_id: target, reason: trimmed };
    if (!chosen) {
      apply.reset();
      previewRun.mutate({ ...base, at: new Date().toISOString(), dry_run: true });
      return;
    }
    // Exactly the tenants shown, at the instant shown: a tenant subscribed since is not moved unseen.
    const tenantIds = preview.tenants.map((tenant) => tenant.tenant_id);
    if (tenantIds.length > 0) apply.mutate({ ...base, at: preview.at, tenant_ids: tenantIds, dry_run: false });
  };
  const moving = chosen ? preview.tenants.length : 0;

  return (
    <FormDialog
      {...dialog.bind(startOver)}
      trigger={
        <Button size="1" variant="soft" aria-label={`Move the tenants on ${name}`} data-testid="migrate-open">
          Move tenants
        </Button>
      }
      title={`Move the tenants on ${name}`}
      description="To another published version, from now. Preview first: the tenants and this month's usage so far under both versions' base rates (tiers, rules, allowances and overrides are not applied)."
      contentTestId="migrate-dialog"
      maxWidth="720px"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      error={previewRun.error ?? apply.error}
      pending={previewRun.isPending || apply.isPending}
      submitLabel={chosen ? `Move ${moving.toString()} ${moving === 1 ? "tenant" : "tenants"}` : "Preview"}
      pendingLabel={chosen ? "Moving…" : "Previewing…"}
      submitTestId="migrate-submit"
    >
      <FormField
        label="To version"
        hint={plans.isPending ? "Loading plans…" : targets.length === 0 ? "No other published version." : undefined}
      >
        {(control) => (
          <Select.Root value={target} onValueChange={setTarget}>
            <Select.Trigger {...control} placeholder="Pick a version" data-testid="migrate-target" />
            <Select.Content>
              {targets.map((other) => (
                <Select.Item key={other.id} value={other.id}>
                  {other.label}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
        )}
      </FormField>
      <FormField label="Reason (optional)" hint="Recorded in the audit log for each tenant moved.">
        {(control) => (
          <TextField.Root
            {...control}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
            }}
            autoComplete="off"
            data-testid="migrate-reason"
          />
        )}
      </FormField>
      {chosen && preview.tenants.length === 0 && <Text size="2">No tenant is on {name} now: nothing to move.</Text>}
      {chosen && preview.tenants.length > 0 && (
        <Table.Root size="1" variant="surface" data-testid="migrate-preview">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Tenant</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Now</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">After</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell justify="end">Difference</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {preview.tenants.map((tenant) => (
              <Table.Row key={tenant.tenant_id} data-testid="migrate-row">
                <Table.Cell className="break-anywhere">{tenant.tenant_name}</Table.Cell>
                <Table.Cell justify="end">{versionTotal(tenant.current)}</Table.Cell>
                <Table.Cell justify="end">{versionTotal(tenant.target)}</Table.Cell>
                <Table.Cell justify="end" data-testid="migrate-difference">
                  {tenant.difference === null ? "—" : formatMoney(tenant.difference, tenant.target.currency)}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
    </FormDialog>
  );
}
