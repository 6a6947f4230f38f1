import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Card, Flex, Link as RadixLink, Select, TextField } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { ErrorState, Loading } from "../components/async-state.tsx";
import { FormField } from "../components/form-field.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { TenantSelect } from "../components/tenant-select.tsx";
import { errorMessage } from "../lib/error-message.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

// The start operation's own rules, field by field (its names, so the api's answers land at the same fields).
const formSchema = z
  .object({
    version_id: z.uuid("choose a draft"),
    scope: z.enum(["tenant", "plan", "all"]),
    scope_ref: z.string(),
    window: z.enum(["last_days", "last_month"]),
    days: z.coerce.number().int("a whole number").min(1, "at least 1").max(90, "at most 90"),
  })
  .refine((form) => form.scope !== "tenant" || form.scope_ref !== "", {
    path: ["scope_ref"],
    message: "choose a tenant",
  });
type StartForm = z.input<typeof formSchema>;
const FIELDS = ["version_id", "scope", "scope_ref", "window", "days"] as const;
const OWN_PLAN = "own";

/** `/admin/simulations/new?version=<draftId>`: simulate a draft on real usage (the plan pages link here). */
export function NewSimulationPage(): ReactNode {
  const user = useSignedInUser();
  const { version } = useSearch({ from: "/signed-in/admin/simulations/new" });
  const trpc = useTRPC();
  const operator = user.role === "operator";
  const plans = useQuery({ ...trpc.plans.list.queryOptions({}), enabled: operator });
  if (!operator) return <OperatorsOnly />;
  const header = (
    <PageHeader
      title="New simulation"
      description="Rate real usage with a draft's prices (rates, rules, tiers, allowances and each tenant's overrides) before publishing it."
    />
  );
  if (plans.isPending) return <Loading label="Loading drafts…" />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  const drafts = plans.data.plans.flatMap((plan) =>
    plan.versions
      .filter((v) => v.status === "draft")
      .map((v) => ({ id: v.id, label: `${plan.name} v${v.version.toString()} (draft)` })),
  );
  return (
    <Flex direction="column" gap="4">
      {header}
      <StartForm
        drafts={drafts}
        plans={plans.data.plans.map((plan) => ({ id: plan.id, label: plan.name }))}
        initialVersion={drafts.some((d) => d.id === version) ? (version ?? "") : (drafts[0]?.id ?? "")}
      />
    </Flex>
  );
}

interface Option {
  id: string;
  label: string;
}

function StartForm(props: { drafts: Option[]; plans: Option[]; initialVersion: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<StartForm>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      version_id: props.initialVersion,
      scope: "plan",
      scope_ref: OWN_PLAN,
      window: "last_days",
      days: 30,
    },
  });
  const { errors } = form.formState;
  const scope = form.watch("scope");
  const window = form.watch("window");
  const start = useMutation(
    trpc.planSimulations.start.mutationOptions({
      onSuccess: async (simulation) => {
        await queryClient.invalidateQueries(trpc.planSimulations.list.pathFilter());
        await navigate({ to: "/admin/simulations/$simulationId", params: { simulationId: simulation.id } });
      },
      onError: (error) => {
        const field = serverFieldError(error, FIELDS);
        if (field) form.setError(field.field, { message: field.message });
      },
    }),
  );
  const submit = form.handleSubmit((values) => {
    const parsed = formSchema.parse(values);
    const ref = parsed.scope === "all" || parsed.scope_ref === OWN_PLAN ? undefined : parsed.scope_ref;
    start.mutate({
      version_id: parsed.version_id,
      scope: parsed.scope,
      ...(ref === undefined ? {} : { scope_ref: ref }),
      window: parsed.window,
      ...(parsed.window === "last_days" ? { days: parsed.days } : {}),
    });
  });
  const unplaced = start.isError && !serverFieldError(start.error, FIELDS) ? errorMessage(start.error) : null;
  const planChoices = [{ id: OWN_PLAN, label: "The draft's own plan" }, ...props.plans];

  return (
    <Card size="3" className="form-card">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Flex direction="column" gap="4">
          <Controller
            control={form.control}
            name="version_id"
            render={({ field }) => (
              <FormField label="Draft version" error={errors.version_id}>
                {(control) => (
                  <Select.Root value={field.value} onValueChange={field.onChange}>
                    <Select.Trigger {...control} placeholder="No draft version" data-testid="simulation-version" />
                    <Select.Content>
                      {props.drafts.map((draft) => (
                        <Select.Item key={draft.id} value={draft.id}>
                          {draft.label}
                        </Select.Item>
                      ))}
                    </Select.Content>
                  </Select.Root>
                )}
              </FormField>
            )}
          />
          <Controller
            control={form.control}
            name="scope"
            render={({ field }) => (
              <FormField label="Tenants" error={errors.scope}>
                {(control) => (
                  <Select.Root
                    value={field.value}
                    onValueChange={(value) => {
                      field.onChange(value);
                      form.setValue("scope_ref", value === "plan" ? OWN_PLAN : "");
                    }}
                  >
                    <Select.Trigger {...control} data-testid="simulation-scope" />
                    <Select.Content>
                      <Select.Item value="tenant">One tenant</Select.Item>
                      <Select.Item value="plan">The tenants on a plan</Select.Item>
                      <Select.Item value="all">All tenants</Select.Item>
                    </Select.Content>
                  </Select.Root>
                )}
              </FormField>
            )}
          />
          {scope !== "all" && (
            <Controller
              control={form.control}
              name="scope_ref"
              render={({ field }) => (
                <FormField label={scope === "tenant" ? "Tenant" : "Plan"} error={errors.scope_ref}>
                  {(control) =>
                    // One tenant of possibly thousands: found by a search, not picked from the whole directory.
                    scope === "tenant" ? (
                      <TenantSelect
                        {...control}
                        value={field.value === "" ? undefined : field.value}
                        onChange={(id) => {
                          field.onChange(id ?? "");
                        }}
                        placeholder="Choose…"
                        testId="simulation-scope-ref"
                      />
                    ) : (
                      <Select.Root value={field.value} onValueChange={field.onChange}>
                        <Select.Trigger {...control} placeholder="Choose…" data-testid="simulation-scope-ref" />
                        <Select.Content>
                          {planChoices.map((choice) => (
                            <Select.Item key={choice.id} value={choice.id}>
                              {choice.label}
                            </Select.Item>
                          ))}
                        </Select.Content>
                      </Select.Root>
                    )
                  }
                </FormField>
              )}
            />
          )}
          <Controller
            control={form.control}
            name="window"
            render={({ field }) => (
              <FormField label="Usage" error={errors.window}>
                {(control) => (
                  <Select.Root value={field.value} onValueChange={field.onChange}>
                    <Select.Trigger {...control} data-testid="simulation-window" />
                    <Select.Content>
                      <Select.Item value="last_days">The last N days</Select.Item>
                      <Select.Item value="last_month">The last full month</Select.Item>
                    </Select.Content>
                  </Select.Root>
                )}
              </FormField>
            )}
          />
          {window === "last_days" && (
            <FormField label="Days" hint="1 to 90, up to the current hour (UTC)." error={errors.days}>
              {(control) => (
                <TextField.Root
                  {...control}
                  inputMode="numeric"
                  {...form.register("days")}
                  data-testid="simulation-days"
                />
              )}
            </FormField>
          )}
          {props.drafts.length === 0 && (
            // As in Stripe's or Orb's price simulations: only an unpublished price can be tried, so say how to get one.
            <Callout.Root color="gray" size="1" data-testid="simulation-no-draft">
              <Callout.Text>
                No plan has a draft version to simulate. Open a plan in{" "}
                <RadixLink asChild>
                  <Link to="/admin/plans">Pricing tiers</Link>
                </RadixLink>{" "}
                and use “Copy to draft” or “New draft”, then change its prices.
              </Callout.Text>
            </Callout.Root>
          )}
          {unplaced !== null && (
            <Callout.Root color="red" highContrast role="alert" size="1">
              <Callout.Text>{unplaced}</Callout.Text>
            </Callout.Root>
          )}
          <Flex justify="end">
            <Button
              type="submit"
              disabled={start.isPending || props.drafts.length === 0}
              data-testid="simulation-start"
            >
              {start.isPending ? "Starting…" : "Start simulation"}
            </Button>
          </Flex>
        </Flex>
      </form>
    </Card>
  );
}
