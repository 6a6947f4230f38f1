import { Button, Flex, Strong } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Pencil } from "lucide-react";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { formatUtc } from "../lib/dates.ts";
import type { PlanVersion } from "../lib/plan-views.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { MigrateTenantsDialog } from "./migrate-tenants-dialog.tsx";
import { utcDayStart, VersionDateDialog } from "./version-date-dialog.tsx";

type Open = "publish" | "archive" | "copy" | null;

/**
 * One version's lifecycle: Edit and Publish (drafts), Archive (published), Copy to draft (any), and moving the
 * tenants still on a published or archived version to another version.
 */
export function PlanVersionActions({ planId, version }: { planId: string; version: PlanVersion }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const done = async () => {
    setOpen(null);
    await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.planVersions.pathKey() });
  };
  const publish = useMutation(trpc.planVersions.publish.mutationOptions({ onSuccess: done }));
  const archive = useMutation(trpc.planVersions.archive.mutationOptions({ onSuccess: done }));
  const copy = useMutation(trpc.planVersions.copy.mutationOptions({ onSuccess: done }));
  const openChange = (which: Exclude<Open, null>) => (next: boolean) => {
    // A refusal may mean the list is stale (another operator archived or published the version meanwhile): once
    // its message was read, the list is fetched again.
    if (!next && (publish.isError || archive.isError || copy.isError)) {
      void queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
    }
    setOpen(next ? which : null);
    publish.reset();
    archive.reset();
    copy.reset();
  };
  const ids = { planId, versionId: version.id };
  const name = `v${version.version.toString()}`;
  return (
    <Flex
      gap="2"
      justify="end"
      align={{ initial: "stretch", sm: "center" }}
      direction={{ initial: "column", sm: "row" }}
    >
      {version.status === "draft" && (
        <Button size="1" variant="soft" asChild>
          <Link
            to="/admin/plans/$planId/versions/$versionId/edit"
            params={{ planId, versionId: version.id }}
            aria-label={`Edit ${name}`}
            data-testid="edit-version"
          >
            <Pencil size={12} aria-hidden="true" /> Edit
          </Link>
        </Button>
      )}
      {version.status === "draft" && (
        <ConfirmDialog
          open={open === "publish"}
          onOpenChange={openChange("publish")}
          trigger={
            <Button size="1" aria-label={`Publish ${name}`} data-testid="publish-version">
              Publish
            </Button>
          }
          title={`Publish ${name}?`}
          description={
            <>
              Its prices apply from <Strong>{formatUtc(version.effective_from)}</Strong>: tenants can be subscribed to
              it from then, and usage is re-rated where prices changed. Publishing is irreversible: a published version
              never changes (copy it into a new draft to change prices).
            </>
          }
          action="Publish"
          color="accent"
          pending={publish.isPending}
          error={publish.isError ? errorMessage(publish.error) : null}
          onConfirm={() => {
            publish.mutate(ids);
          }}
          testId="publish-version"
        />
      )}
      <Button
        size="1"
        variant="soft"
        onClick={() => {
          openChange("copy")(true);
        }}
        aria-label={`Copy ${name} to a new draft`}
        data-testid="copy-version"
      >
        Copy to draft
      </Button>
      <VersionDateDialog
        open={open === "copy"}
        onOpenChange={openChange("copy")}
        title={`Copy ${name} to a new draft`}
        description="The draft gets this version's pricing and every rate, and the next version number."
        withCurrency={false}
        defaultCurrency={version.currency}
        submitLabel="Copy to draft"
        pending={copy.isPending}
        error={copy.isError ? copy.error : null}
        onSubmit={(fields) => {
          copy.mutate({
            ...ids,
            effective_from: fields.effectiveFrom === "" ? undefined : utcDayStart(fields.effectiveFrom),
          });
        }}
        testId="copy-version"
      />
      {version.status !== "draft" && version.active_subscriptions > 0 && <MigrateTenantsDialog version={version} />}
      {version.status === "published" && (
        <ConfirmDialog
          open={open === "archive"}
          onOpenChange={openChange("archive")}
          trigger={
            <Button size="1" variant="soft" color="red" aria-label={`Archive ${name}`} data-testid="archive-version">
              Archive
            </Button>
          }
          title={`Archive ${name}?`}
          description={`No new subscriptions to ${name} from now on; the ${version.active_subscriptions.toString()} tenant(s) on it stay until migrated. This cannot be undone.`}
          action="Archive"
          pending={archive.isPending}
          error={archive.isError ? errorMessage(archive.error) : null}
          onConfirm={() => {
            archive.mutate(ids);
          }}
          testId="archive-version"
        />
      )}
    </Flex>
  );
}
