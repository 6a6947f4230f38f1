import { Button, Flex } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";

type Confirming = "replay" | "discard" | null;

/** After a change to the failed set, the list and the queue counts are read again at once. */
function useRefreshPipeline(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.failedUsageJobs.pathFilter()),
      queryClient.invalidateQueries(trpc.pipelineHealth.pathFilter()),
    ]);
  };
}

/** Replay or discard one failed usage job, each confirmed first. */
export function FailedJobActions({ jobId }: { jobId: string }): ReactNode {
  const trpc = useTRPC();
  const refresh = useRefreshPipeline();
  const [confirm, setConfirm] = useState<Confirming>(null);
  const done = {
    onSuccess: async () => {
      setConfirm(null);
      await refresh();
    },
  };
  const replay = useMutation(trpc.failedUsageJobs.replay.mutationOptions(done));
  const discard = useMutation(trpc.failedUsageJobs.discard.mutationOptions(done));
  const openChange = (which: Exclude<Confirming, null>) => (open: boolean) => {
    setConfirm(open ? which : null);
    replay.reset();
    discard.reset();
  };
  return (
    <Flex gap="2" justify="end" direction={{ initial: "column", sm: "row" }}>
      <ConfirmDialog
        open={confirm === "replay"}
        onOpenChange={openChange("replay")}
        trigger={
          <Button size="1" variant="soft" aria-label={`Replay job ${jobId}`} data-testid="replay-job">
            Replay
          </Button>
        }
        title="Replay this job?"
        description="It goes back to the queue with a fresh attempt budget. Safe: the worker records each event once, however often a job runs."
        action="Replay job"
        color="accent"
        pending={replay.isPending}
        error={replay.isError ? errorMessage(replay.error) : null}
        onConfirm={() => {
          replay.mutate({ jobId });
        }}
        testId="replay-job"
      />
      <ConfirmDialog
        open={confirm === "discard"}
        onOpenChange={openChange("discard")}
        trigger={
          <Button size="1" variant="soft" color="red" aria-label={`Discard job ${jobId}`} data-testid="discard-job">
            Discard
          </Button>
        }
        title="Discard this job?"
        description="Its events are never recorded or billed. This cannot be undone."
        action="Discard job"
        pending={discard.isPending}
        error={discard.isError ? errorMessage(discard.error) : null}
        onConfirm={() => {
          discard.mutate({ jobId });
        }}
        testId="discard-job"
      />
    </Flex>
  );
}

/** Replay or discard every failed usage job (up to 1,000 per click), each confirmed first. */
export function FailedJobsBulkActions({ total }: { total: number }): ReactNode {
  const trpc = useTRPC();
  const refresh = useRefreshPipeline();
  const [confirm, setConfirm] = useState<Confirming>(null);
  const done = {
    onSuccess: async () => {
      setConfirm(null);
      await refresh();
    },
  };
  const replayAll = useMutation(trpc.failedUsageJobs.replayAll.mutationOptions(done));
  const discardAll = useMutation(trpc.failedUsageJobs.discardAll.mutationOptions(done));
  const openChange = (which: Exclude<Confirming, null>) => (open: boolean) => {
    setConfirm(open ? which : null);
    replayAll.reset();
    discardAll.reset();
  };
  const count = total === 1 ? "the failed job" : `all ${total.toLocaleString("en-US")} failed jobs`;
  return (
    <Flex gap="2" wrap="wrap">
      <ConfirmDialog
        open={confirm === "replay"}
        onOpenChange={openChange("replay")}
        trigger={
          <Button size="1" variant="soft" data-testid="replay-all">
            Replay all
          </Button>
        }
        title={`Replay ${count}?`}
        description="Each goes back to the queue with a fresh attempt budget (at most 1,000 per click). Safe: the worker records each event once."
        action="Replay all"
        color="accent"
        pending={replayAll.isPending}
        error={replayAll.isError ? errorMessage(replayAll.error) : null}
        onConfirm={() => {
          replayAll.mutate({});
        }}
        testId="replay-all"
      />
      <ConfirmDialog
        open={confirm === "discard"}
        onOpenChange={openChange("discard")}
        trigger={
          <Button size="1" variant="soft" color="red" data-testid="discard-all">
            Discard all
          </Button>
        }
        title={`Discard ${count}?`}
        description="Their events are never recorded or billed (at most 1,000 per click). This cannot be undone."
        action="Discard all"
        pending={discardAll.isPending}
        error={discardAll.isError ? errorMessage(discardAll.error) : null}
        onConfirm={() => {
          discardAll.mutate({});
        }}
        testId="discard-all"
      />
    </Flex>
  );
}
