import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Flex, Heading, Text } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { lowCreditAlertDaysFromForm, lowCreditAlertFormSchema } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { errorMessage } from "../lib/error-message.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { TextFormField } from "./form-field.tsx";

type AlertForm = z.input<typeof lowCreditAlertFormSchema>;

/**
 * A tenant admin's low-credit alert: how many days ahead of the forecast depletion date to be alerted (in the
 * console and as the `credit.depletion_forecast` webhook event); empty turns it off.
 */
export function LowCreditAlertForm({ tenantId, days }: { tenantId: string; days: number | null }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<AlertForm>({
    resolver: zodResolver(lowCreditAlertFormSchema),
    values: { days: days === null ? "" : days.toString() },
  });
  const { errors } = form.formState;
  const save = useMutation(
    trpc.billingSettings.setLowCreditAlert.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.tenantBilling.get.queryKey() }),
      onError: (error) => {
        const field = serverFieldError(error, ["days"] as const);
        if (field) form.setError("days", { message: field.message });
      },
    }),
  );
  const submit = form.handleSubmit((values) => {
    save.mutate({ tenantId, days: lowCreditAlertDaysFromForm(values.days) });
  });

  return (
    <form
      onSubmit={(event) => void submit(event)}
      aria-labelledby="low-credit-title"
      className="form-narrow"
      noValidate
    >
      <Flex direction="column" gap="3">
        <Heading as="h3" size="2" id="low-credit-title">
          Low-credit alert
        </Heading>
        <Text size="2" color="gray">
          Get an alert, and the <code>credit.depletion_forecast</code> webhook event, when your credit is projected to
          run out within this many days at the recent daily spend (as on the Overview).
        </Text>
        <TextFormField
          label="Days ahead"
          hint="1 to 90; leave empty for no alert."
          error={errors.days}
          registration={form.register("days")}
          testId="low-credit-days"
        />
        {save.isError && !errors.days && (
          <Callout.Root highContrast color="red" role="alert" data-testid="low-credit-error">
            <Callout.Text>{errorMessage(save.error)}</Callout.Text>
          </Callout.Root>
        )}
        {save.isSuccess && (
          <Callout.Root highContrast color="green" role="status" data-testid="low-credit-saved">
            <Callout.Text>
              {save.data.low_credit_alert_days === null
                ? "Low-credit alert turned off."
                : `Saved: alerted ${save.data.low_credit_alert_days.toString()} days before credit runs out.`}
            </Callout.Text>
          </Callout.Root>
        )}
        <Flex>
          <Button type="submit" disabled={save.isPending} data-testid="low-credit-submit">
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}
