import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Card, Flex, Grid, Text, TextField } from "@radix-ui/themes";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useMemo, type ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { AuditChanges } from "../components/audit-changes.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { FormField, TextFormField } from "../components/form-field.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { TenantSelect } from "../components/tenant-select.tsx";
import type { RouterOutputs } from "../lib/router-types.ts";
import type { AuditLogSearch } from "../lib/search-params.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";

type AuditEntry = RouterOutputs["auditLog"]["list"]["entries"][number];

const DAY_MS = 86_400_000;
const ANY_TENANT = "any";

const col = columnsFor<AuditEntry>();
// Newest first, paged by the server: the columns do not re-sort a partial list.
const columns = col.columns([
  col.accessor("created_at", {
    header: "Time",
    enableSorting: false,
    cell: (info) => <DateTime iso={info.getValue()} />,
  }),
  col.accessor("action", {
    header: "Change",
    enableSorting: false,
    cell: (info) => {
      const entry = info.row.original;
      return (
        <Flex direction="column" gap="1" className="audit-change-cell">
          <Text weight="medium" data-testid="audit-action">
            {entry.action}
          </Text>
          <Text size="1" color="gray" className="break-anywhere" data-testid="audit-actor">
            {/* A user by name and email; keys and jobs as recorded (the actor filter takes the recorded form). */}
            by {entry.actor_user ? `${entry.actor_user.name} (${entry.actor_user.email})` : entry.actor}
          </Text>
          <AuditChanges before={entry.before} after={entry.after} reason={entry.reason} />
        </Flex>
      );
    },
  }),
  col.accessor("tenant_name", {
    header: "Tenant",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => info.getValue() ?? <Text color="gray">—</Text>,
  }),
  col.accessor("entity_type", {
    header: "Entity",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => (
      <Flex direction="column" gap="1">
        <Text>{info.getValue()}</Text>
        <Text size="1" color="gray" className="break-anywhere">
          {info.row.original.entity_id}
        </Text>
      </Flex>
    ),
  }),
]);

const isoDayOrEmpty = z.union([z.literal(""), z.iso.date("a date, e.g. 2026-12-01")]);
const filterFormSchema = z
  .object({
    actor: z.string().trim().max(200, "at most 200 characters"),
    tenant: z.string(),
    entity_type: z.string().trim().max(200, "at most 200 characters"),
    entity_id: z.string().trim().max(200, "at most 200 characters"),
    from: isoDayOrEmpty,
    to: isoDayOrEmpty,
  })
  .refine((form) => form.from === "" || form.to === "" || form.from <= form.to, {
    message: "must not be before From",
    path: ["to"],
  });
type FilterForm = z.infer<typeof filterFormSchema>;

function formValues(search: AuditLogSearch): FilterForm {
  return {
    actor: search.actor ?? "",
    tenant: search.for_tenant ?? ANY_TENANT,
    entity_type: search.entity_type ?? "",
    entity_id: search.entity_id ?? "",
    from: search.from ?? "",
    to: search.to ?? "",
  };
}

const orUndefined = (value: string) => (value === "" ? undefined : value);

/** `/admin/audit-log`: every recorded change, newest first, filtered by actor, tenant, entity and day (in the URL). */
export function AuditLogPage(): ReactNode {
  const user = useSignedInUser();
  const search = useSearch({ from: "/signed-in/admin/audit-log" });
  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Audit log"
        description="Every pricing, credit, tenant and invoice change: who made it, why, and the values before and after."
      />
      <AuditFilters search={search} />
      <AuditEntries search={search} />
    </Flex>
  );
}

function AuditFilters({ search }: { search: AuditLogSearch }): ReactNode {
  const navigate = useNavigate({ from: "/admin/audit-log" });
  const form = useForm<FilterForm>({ resolver: zodResolver(filterFormSchema), defaultValues: formValues(search) });
  // The form follows the URL (Back, a shared link).
  useEffect(() => {
    form.reset(formValues(search));
  }, [search, form]);

  const submit = form.handleSubmit((values) => {
    void navigate({
      search: (prev) => ({
        ...prev,
        actor: orUndefined(values.actor),
        for_tenant: values.tenant === ANY_TENANT ? undefined : values.tenant,
        entity_type: orUndefined(values.entity_type),
        entity_id: orUndefined(values.entity_id),
        from: orUndefined(values.from),
        to: orUndefined(values.to),
      }),
    });
  });
  const errors = form.formState.errors;
  return (
    <Card asChild>
      <form onSubmit={(event) => void submit(event)} aria-label="Filter the audit log" noValidate>
        <Grid columns={{ initial: "1", sm: "2", md: "3" }} gap="3">
          <TextFormField
            label="Actor"
            hint="As recorded, e.g. user:<id> or api_key:<prefix>"
            error={errors.actor}
            registration={form.register("actor")}
            testId="audit-filter-actor"
          />
          <FormField label="Tenant">
            {(control) => (
              <Controller
                control={form.control}
                name="tenant"
                render={({ field }) => (
                  <TenantSelect
                    {...control}
                    value={field.value === ANY_TENANT ? undefined : field.value}
                    onChange={(id) => {
                      field.onChange(id ?? ANY_TENANT);
                    }}
                    anyLabel="Any tenant"
                    testId="audit-filter-tenant"
                  />
                )}
              />
            )}
          </FormField>
          <TextFormField
            label="Entity type"
            hint="e.g. plan_version, credit_grant, tenant, invoice, ingest_mapping"
            error={errors.entity_type}
            registration={form.register("entity_type")}
            testId="audit-filter-entity-type"
          />
          <TextFormField
            label="Entity id"
            error={errors.entity_id}
            registration={form.register("entity_id")}
            testId="audit-filter-entity-id"
          />
          <FormField label="From (UTC day)" error={errors.from}>
            {(control) => <TextField.Root {...control} type="date" {...form.register("from")} />}
          </FormField>
          <FormField label="To (UTC day, included)" error={errors.to}>
            {(control) => <TextField.Root {...control} type="date" {...form.register("to")} />}
          </FormField>
        </Grid>
        <Flex gap="2" mt="3" justify="end" wrap="wrap">
          <Button
            type="button"
            variant="soft"
            color="gray"
            onClick={() => {
              void navigate({ search: (prev) => ({ tenant: prev.tenant }) });
            }}
          >
            Clear
          </Button>
          <Button type="submit" data-testid="audit-filter-apply">
            Apply filters
          </Button>
        </Flex>
      </form>
    </Card>
  );
}

/** The day filter's UTC days as the operation's instants: [from 00:00, the day after `to` 00:00). */
function dayRange(search: AuditLogSearch): { from?: string; to?: string } {
  return {
    ...(search.from === undefined ? {} : { from: `${search.from}T00:00:00Z` }),
    ...(search.to === undefined ? {} : { to: new Date(Date.parse(`${search.to}T00:00:00Z`) + DAY_MS).toISOString() }),
  };
}

function AuditEntries({ search }: { search: AuditLogSearch }): ReactNode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = {
    actor: search.actor,
    tenant_id: search.for_tenant,
    entity_type: search.entity_type,
    entity_id: search.entity_id,
    ...dayRange(search),
  };
  // Pages by the operation's own cursor (its strict input, shared with REST, refuses tRPC's `direction`).
  const pages = useInfiniteQuery({
    queryKey: trpc.auditLog.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.auditLog.list.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const entries = useMemo(() => pages.data?.pages.flatMap((page) => page.entries) ?? [], [pages.data]);
  const filtered = Object.values(input).some((value) => value !== undefined);

  if (pages.isPending) return <Loading label="Loading the audit log…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />;
  if (entries.length === 0) {
    return (
      <Empty title={filtered ? "No change matches the filters." : "No changes recorded yet."}>
        Pricing, credit, tenant and invoice changes are recorded here as they are made.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={entries}
        columns={columns}
        label="Audit log"
        getRowId={(entry) => entry.id}
        pageSize={Number.MAX_SAFE_INTEGER}
        testId="audit-table"
      />
      {pages.hasNextPage && (
        <Flex justify="center">
          <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
