import { Flex, Text } from "@radix-ui/themes";
import type { TokenType } from "@tollgate/domain";
import type { ReactNode } from "react";
import { formatShare, tokenShares } from "../lib/task-views.ts";
import { TOKEN_COLORS, TOKEN_LABELS } from "../lib/token-labels.ts";

/**
 * A task's token mix at a glance: a thin bar of each type's share (the console's token colours) and the dominant
 * type in words. The bar is one image to screen readers, its label naming every share.
 */
export function TokenMixBar({ tokens }: { tokens: Record<TokenType, string> }): ReactNode {
  const shares = tokenShares(tokens);
  const top = shares[0];
  if (!top) return <Text color="gray">—</Text>;
  const label = shares.map((share) => `${TOKEN_LABELS[share.type]} ${formatShare(share.permille)}`).join(", ");
  return (
    <Flex direction="column" gap="1" className="token-mix">
      <div className="token-mix-bar" role="img" aria-label={`Token mix: ${label}`}>
        {shares.map((share) => (
          <span
            key={share.type}
            style={{ width: `${(share.permille / 10).toString()}%`, background: TOKEN_COLORS[share.type] }}
          />
        ))}
      </div>
      <Text size="1" color="gray" aria-hidden="true">
        {TOKEN_LABELS[top.type]} {formatShare(top.permille)}
      </Text>
    </Flex>
  );
}
