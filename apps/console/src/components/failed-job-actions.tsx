import { Button, Flex } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { queueTexts, type FailedJobQueue } from "../lib/failed-job-queues.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";

type Which = "replay" | "discard";

/** One confirmed action: its texts, its mutation's state and how to run it (a job, or all of them). */
interface ConfirmedAction {
  mutation: { isPending: boolean; isError: boolean; error: unknown; reset: () => void };
  run: () => void;
  button: string;
  ariaLabel?: string;
  testId: string;
  title: string;
  description: string;
  action: string;
}

/** After a change to the failed set, the list and the queue counts are read again at once. */
function useRefreshPipeline(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.failedJobs.pathFilter()),
      queryClient.invalidateQueries(trpc.pipelineHealth.pathFilter()),
    ]);
  };
}

/** The open confirmation; it closes and the pipeline is read again once its mutation succeeds. */
function useConfirming(): {
  confirm: Which | null;
  setConfirm: (which: Which | null) => void;
  onSuccess: () => Promise<void>;
} {
  const refresh = useRefreshPipeline();
  const [confirm, setConfirm] = useState<Which | null>(null);
  const onSuccess = async (): Promise<void> => {
    setConfirm(null);
    await refresh();
  };
  return { confirm, setConfirm, onSuccess };
}

/**
 * The replay and discard buttons, each confirmed first (the two scopes differ only in texts and mutations). At most
 * one confirmation is open; opening or closing one forgets both mutations' last error. Replay is the safe (accent)
 * action, discard the destructive (red) one.
 */
function ReplayDiscardConfirms(props: {
  actions: Record<Which, ConfirmedAction>;
  confirm: Which | null;
  setConfirm: (which: Which | null) => void;
}): ReactNode {
  const { actions } = props;
  return (["replay", "discard"] as const).map((which) => {
    const action = actions[which];
    return (
      <ConfirmDialog
        key={which}
        open={props.confirm === which}
        onOpenChange={(open) => {
          props.setConfirm(open ? which : null);
          actions.replay.mutation.reset();
          actions.discard.mutation.reset();
        }}
        trigger={
          <Button
            size="1"
            variant="soft"
            color={which === "discard" ? "red" : undefined}
            aria-label={action.ariaLabel}
            data-testid={action.testId}
          >
            {action.button}
          </Button>
        }
        title={action.title}
        description={action.description}
        action={action.action}
        color={which === "replay" ? "accent" : "red"}
        pending={action.mutation.isPending}
        error={action.mutation.isError ? errorMessage(action.mutation.error) : null}
        onConfirm={action.run}
        testId={action.testId}
      />
    );
  });
}

/** Replay or discard one failed job of `queue`, each confirmed first. */
export function FailedJobActions({ queue, jobId }: { queue: FailedJobQueue; jobId: string }): ReactNode {
  const trpc = useTRPC();
  const { confirm, setConfirm, onSuccess } = useConfirming();
  const replay = useMutation(trpc.failedJobs.replay.mutationOptions({ onSuccess }));
  const discard = useMutation(trpc.failedJobs.discard.mutationOptions({ onSuccess }));
  const texts = queueTexts(queue);
  return (
    <Flex gap="2" justify="end" direction={{ initial: "column", sm: "row" }}>
      <ReplayDiscardConfirms
        confirm={confirm}
        setConfirm={setConfirm}
        actions={{
          replay: {
            mutation: replay,
            run: () => {
              replay.mutate({ queue, jobId });
            },
            button: "Replay",
            ariaLabel: `Replay job ${jobId}`,
            testId: "replay-job",
            title: "Replay this job?",
            description: `It goes back to the queue with a fresh attempt budget. ${texts.replay}`,
            action: "Replay job",
          },
          discard: {
            mutation: discard,
            run: () => {
              discard.mutate({ queue, jobId });
            },
            button: "Discard",
            ariaLabel: `Discard job ${jobId}`,
            testId: "discard-job",
            title: "Discard this job?",
            description: `${texts.discard} This cannot be undone.`,
            action: "Discard job",
          },
        }}
      />
    </Flex>
  );
}

/** Replay or discard every failed job of `queue` (up to 1,000 per click), each confirmed first. */
export function FailedJobsBulkActions({ queue, total }: { queue: FailedJobQueue; total: number }): ReactNode {
  const trpc = useTRPC();
  const { confirm, setConfirm, onSuccess } = useConfirming();
  const replayAll = useMutation(trpc.failedJobs.replayAll.mutationOptions({ onSuccess }));
  const discardAll = useMutation(trpc.failedJobs.discardAll.mutationOptions({ onSuccess }));
  const texts = queueTexts(queue);
  const count = total === 1 ? "the failed job" : `all ${total.toLocaleString("en-US")} failed jobs`;
  return (
    <Flex gap="2" wrap="wrap">
      <ReplayDiscardConfirms
        confirm={confirm}
        setConfirm={setConfirm}
        actions={{
          replay: {
            mutation: replayAll,
            run: () => {
              replayAll.mutate({ queue });
            },
            button: "Replay all",
            testId: "replay-all",
            title: `Replay ${count}?`,
            description: `Each goes back to the queue with a fresh attempt budget (at most 1,000 per click). ${texts.replay}`,
            action: "Replay all",
          },
          discard: {
            mutation: discardAll,
            run: () => {
              discardAll.mutate({ queue });
            },
            button: "Discard all",
            testId: "discard-all",
            title: `Discard ${count}?`,
            description: `At most 1,000 per click. For each: ${lowerFirst(texts.discard)} This cannot be undone.`,
            action: "Discard all",
          },
        }}
      />
    </Flex>
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
