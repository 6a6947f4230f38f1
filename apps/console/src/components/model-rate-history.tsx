import { Flex, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { formatUnitPrice } from "@tollgate/domain";
import type { ReactNode } from "react";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";
import { DateTime } from "./date-time.tsx";

/** A model's whole cost-rate history (past and scheduled), by token type then date, as the model's detail. */
export function ModelRateHistory({ modelId }: { modelId: string }): ReactNode {
  const trpc = useTRPC();
  const model = useQuery(trpc.models.get.queryOptions({ id: modelId }));
  if (model.isPending) return <Loading label="Loading cost rates…" />;
  if (model.isError) return <ErrorState error={model.error} onRetry={() => void model.refetch()} />;
  const history = model.data.cost_rate_history;
  return (
    <Flex direction="column" gap="1" data-testid="model-rate-history">
      <Text size="2" weight="medium">
        Cost-rate history (per 1M tokens)
      </Text>
      {history.length === 0 ? (
        <Text size="2" color="gray">
          No cost rates yet.
        </Text>
      ) : (
        <ul className="rate-history">
          {history.map((rate) => (
            <li key={`${rate.token_type}-${rate.effective_from}`}>
              <Text size="1">
                {TOKEN_LABELS[rate.token_type]} {formatUnitPrice(rate.price_per_million, "USD")} from{" "}
                <DateTime iso={rate.effective_from} dateOnly /> <Text color="gray">({rate.source})</Text>
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Flex>
  );
}
