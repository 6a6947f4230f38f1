import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Flex, Text } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { planPricingSchema } from "@tollgate/domain";
import { useMemo, useRef, useState, type ReactNode } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { planServerProblems } from "../../lib/plan-server-errors.ts";
import { rateKey, RatesDraft, type PlanRate } from "../../lib/rates-draft.ts";
import type { RouterOutputs } from "../../lib/router-types.ts";
import { TOKEN_LABELS } from "../../lib/token-labels.ts";
import { useTRPC } from "../../lib/trpc.ts";
import { DateTime } from "../date-time.tsx";
import { PageHeader } from "../page-header.tsx";
import { AllowancesSection } from "./allowances-section.tsx";
import { MarkupsSection } from "./markups-section.tsx";
import { planEditFormSchema, SectionMessage, type PlanEditForm } from "./pricing-fields.tsx";
import { conditionLabel, RatesEditor } from "./rates-editor.tsx";
import type { CatalogModel } from "./rates-table.tsx";
import { RulesSection } from "./rules-section.tsx";
import { TermsSection } from "./terms-section.tsx";
import { TiersSection } from "./tiers-section.tsx";

type Version = RouterOutputs["planVersions"]["get"];
type EditValues = z.output<typeof planEditFormSchema>;

function formValues(version: Version): PlanEditForm {
  return { effective_from: version.effective_from, pricing: planPricingSchema.parse(version.pricing) };
}

/** The rates conditions the rules name, so their rates can be edited ('' = base rates first). */
function ruleConditions(rules: PlanEditForm["pricing"]["rules"]): string[] {
  return (rules ?? []).flatMap((rule) =>
    rule.kind === "long_context"
      ? ["long_context"]
      : rule.kind === "service_tier"
        ? [`service_tier:${rule.service_tier}`]
        : [],
  );
}

/** A draft's rates and pricing document, saved together by one update call (rates replace the draft's list). */
export function PlanVersionEditor({
  version,
  models,
  title,
}: {
  version: Version;
  models: readonly CatalogModel[];
  title: string;
}): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft] = useState(() => new RatesDraft(version.rates));
  const form = useForm<PlanEditForm, unknown, EditValues>({
    resolver: zodResolver(planEditFormSchema),
    defaultValues: formValues(version),
  });
  const rules = useWatch({ control: form.control, name: "pricing.rules" });
  const conditions = useMemo(
    () => [...new Set(["", ...ruleConditions(rules), ...draft.savedConditions()])],
    [rules, draft],
  );
  const sent = useRef<PlanRate[]>([]);
  const [cellErrors, setCellErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const update = useMutation(
    trpc.planVersions.update.mutationOptions({
      onSuccess: async (_saved, input) => {
        draft.commit(sent.current);
        form.reset({
          effective_from: input.effective_from?.toString() ?? version.effective_from,
          pricing: form.getValues("pricing"),
        });
        setNotice({ ok: true, text: `Saved: ${sent.current.length.toString()} rates and the pricing document.` });
        await queryClient.invalidateQueries(trpc.planVersions.pathFilter());
      },
      onError: (error) => {
        const problems = planServerProblems(error);
        for (const field of problems.fields) {
          form.setError(field.path as "pricing", { type: "server", message: field.message });
        }
        // A rate's problem is shown at its cell and, since the cell may be filtered out, named in the callout.
        const cells = new Map<string, string>();
        const rateTexts: string[] = [];
        for (const problem of problems.rates) {
          const rate = sent.current[problem.index];
          if (!rate) continue;
          cells.set(rateKey(rate.model_id, rate.condition, rate.token_type), problem.message);
          rateTexts.push(
            `${rate.model_id} · ${TOKEN_LABELS[rate.token_type]} · ${conditionLabel(rate.condition)}: ${problem.message}`,
          );
        }
        setCellErrors(cells);
        const text = [problems.other ?? "", ...rateTexts].filter((part) => part !== "").join("; ");
        setNotice(text === "" ? null : { ok: false, text });
      },
    }),
  );

  const save = form.handleSubmit(
    (values) => {
      setNotice(null);
      setCellErrors(new Map());
      if (draft.invalidCount() > 0) {
        setNotice({ ok: false, text: "Some rates are not valid prices (marked red): fix or empty them first." });
        return;
      }
      sent.current = draft.rateList();
      update.mutate({
        planId: version.plan_id,
        versionId: version.id,
        effective_from: values.effective_from,
        pricing: values.pricing,
        rates: sent.current,
      });
    },
    // The form's own refusals are at their fields; an earlier "Saved" must not stay above them.
    () => {
      setNotice(null);
    },
  );

  return (
    <FormProvider {...form}>
      <form onSubmit={(event) => void save(event)} noValidate>
        <Flex direction="column" gap="4">
          <PageHeader
            title={title}
            description={
              <>
                Draft in {version.currency}, effective from <DateTime iso={version.effective_from} billingDay />.
              </>
            }
          >
            <Button
              type="button"
              variant="soft"
              color="gray"
              onClick={() => {
                draft.discard();
                form.reset(formValues(version));
                setNotice(null);
                setCellErrors(new Map());
              }}
              data-testid="discard-all"
            >
              Discard
            </Button>
            <Button type="submit" disabled={update.isPending} data-testid="save-version">
              {update.isPending ? "Saving…" : "Save"}
            </Button>
          </PageHeader>
          {notice && (
            <Callout.Root
              color={notice.ok ? "green" : "red"}
              highContrast
              role={notice.ok ? "status" : "alert"}
              data-testid={notice.ok ? "save-ok" : "save-error"}
            >
              <Callout.Text className="break-anywhere">{notice.text}</Callout.Text>
            </Callout.Root>
          )}
          {/* The document's own refusals that name no field (a meter id used twice). */}
          <SectionMessage path="pricing" />
          <RatesEditor draft={draft} models={models} conditions={conditions} cellErrors={cellErrors} />
          <RulesSection />
          <TiersSection />
          <AllowancesSection />
          <MarkupsSection />
          <TermsSection />
          <Text size="1" color="gray">
            Save sends the rates and the pricing document in one update; nothing is saved until then.
          </Text>
        </Flex>
      </form>
    </FormProvider>
  );
}
