import { Box, Button, Flex, Select, Text } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { ApiKeyRow } from "../lib/api-key-status.ts";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

/** How long the old key keeps working after a rotation, so services can move to the new one without downtime. */
const GRACE_PERIODS = [
  { seconds: 0, label: "Stops now" },
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
  { seconds: 7 * 86_400, label: "7 days" },
] as const;

/**
 * Rotate and revoke one key, each confirmed first; a rotation's new key is shown once, and the old one stops now or
 * after the chosen grace period (never later than its own expiry: the server caps it).
 */
export function ApiKeyActions({ apiKey, tenantId }: { apiKey: ApiKeyRow; tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<"revoke" | "rotate" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [graceSeconds, setGraceSeconds] = useState(0);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        setConfirm(null);
        await refresh();
      },
    }),
  );
  const rotate = useMutation(
    trpc.apiKeys.rotate.mutationOptions({
      onSuccess: async (rotated) => {
        setConfirm(null);
        setSecret(rotated.secret);
        await refresh();
      },
    }),
  );
  const openChange = (which: "revoke" | "rotate") => (open: boolean) => {
    setConfirm(open ? which : null);
    revoke.reset();
    rotate.reset();
  };
  return (
    <Flex gap="2" justify="end" direction={{ initial: "column", sm: "row" }}>
      <ConfirmDialog
        open={confirm === "rotate"}
        onOpenChange={openChange("rotate")}
        trigger={
          <Button size="1" variant="soft" aria-label={`Rotate ${apiKey.name}`} data-testid="rotate-key">
            Rotate
          </Button>
        }
        title={`Rotate “${apiKey.name}”?`}
        description="A new key with the same name, scopes and expiry replaces this one. Update every service that uses it before the old key stops working."
        action="Rotate key"
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : null}
        onConfirm={() => {
          rotate.mutate({ tenantId, keyId: apiKey.id, gracePeriodSeconds: graceSeconds });
        }}
        testId="rotate-key"
      >
        <Box mt="3">
          <Text as="label" size="2" weight="medium" id={`grace-${apiKey.id}`}>
            Old key keeps working
          </Text>
          <Box mt="1">
            <Select.Root
              value={graceSeconds.toString()}
              onValueChange={(value) => {
                setGraceSeconds(Number(value));
              }}
            >
              <Select.Trigger aria-labelledby={`grace-${apiKey.id}`} data-testid="rotate-grace" />
              <Select.Content>
                {GRACE_PERIODS.map((grace) => (
                  <Select.Item key={grace.seconds} value={grace.seconds.toString()}>
                    {grace.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
          </Box>
        </Box>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "revoke"}
        onOpenChange={openChange("revoke")}
        trigger={
          <Button size="1" variant="soft" color="red" aria-label={`Revoke ${apiKey.name}`} data-testid="revoke-key">
            Revoke
          </Button>
        }
        title={`Revoke “${apiKey.name}”?`}
        description="Requests with this key are refused from now on, everywhere. This cannot be undone."
        action="Revoke key"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onConfirm={() => {
          revoke.mutate({ tenantId, keyId: apiKey.id });
        }}
        testId="revoke-key"
      />
      <SecretDialog
        title="Your rotated API key"
        secret={secret}
        onClose={() => {
          setSecret(null);
        }}
      >
        {graceSeconds === 0
          ? `It replaces “${apiKey.name}”, which no longer works.`
          : `It replaces “${apiKey.name}”, which keeps working for ${GRACE_PERIODS.find((grace) => grace.seconds === graceSeconds)?.label ?? ""}.`}
      </SecretDialog>
    </Flex>
  );
}
