import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { ModelTable } from "../components/model-table.tsx";
import { RangePicker } from "../components/range-picker.tsx";
import { TenantPicker } from "../components/tenant-picker.tsx";
import { UsageCards } from "../components/usage-cards.tsx";
import { UsageChart } from "../components/usage-chart.tsx";
import { formatRange, presetRange, type RangePreset } from "../lib/date-range.ts";
import { downloadText } from "../lib/download.ts";
import { errorMessage } from "../lib/error-message.ts";
import type { SessionUser } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { dailyUsageCsv, modelUsageCsv } from "../lib/usage-csv.ts";

/** Usage of one tenant: the user's own, or for operators the tenant they pick. */
export function UsagePage({ user }: { user: SessionUser }): ReactNode {
  const [preset, setPreset] = useState<RangePreset>("30d");
  const [pickedTenantId, setPickedTenantId] = useState<string | undefined>();
  const trpc = useTRPC();
  const isOperator = user.role === "operator";
  const tenantId = isOperator ? pickedTenantId : user.tenant?.id;
  // Recomputed when the preset changes; "now" is the moment of the choice, as users expect.
  const range = useMemo(() => presetRange(preset, new Date()), [preset]);
  const input = { tenantId, from: range.from.toISOString(), to: range.to.toISOString() };

  // The previous range's numbers stay on screen while the new range loads (no flash of the loading state).
  const live = { enabled: tenantId !== undefined, placeholderData: keepPreviousData, refetchInterval: 15_000 };
  const summary = useQuery(trpc.usage.summary.queryOptions(input, live));
  const byModel = useQuery(trpc.usage.byModel.queryOptions(input, live));

  const fileStem = `tollgate-usage-${range.from.toISOString().slice(0, 10)}-${range.to.toISOString().slice(0, 10)}`;

  return (
    <section className="stack">
      <div className="toolbar">
        <h1>Usage</h1>
        {isOperator && <TenantPicker value={pickedTenantId} onChange={setPickedTenantId} />}
        <RangePicker value={preset} onChange={setPreset} />
        <span className="muted" data-testid="range-label">
          {formatRange(range)}
        </span>
      </div>

      {tenantId === undefined ? (
        isOperator ? (
          <Empty title="Pick a tenant to see its usage." />
        ) : (
          <ErrorState message="Your account is not linked to a tenant. Ask an operator to fix it." />
        )
      ) : summary.isPending ? (
        <Loading label="Loading usage…" />
      ) : summary.isError ? (
        <ErrorState message={errorMessage(summary.error)} onRetry={() => void summary.refetch()} />
      ) : (
        <>
          <UsageCards summary={summary.data} />
          {summary.data.totals.eventCount === "0" ? (
            <Empty title="No usage in this period.">
              Send events to <code>POST /v1/events</code> on the ingest service with a key that has the{" "}
              <code>ingest</code> scope; they appear here within seconds.
            </Empty>
          ) : (
            <>
              <div className="card">
                <div className="card-title-row">
                  <h2>Tokens per day</h2>
                  <button
                    type="button"
                    className="button-secondary"
                    data-testid="download-daily-csv"
                    onClick={() => {
                      downloadText(
                        `${fileStem}-daily.csv`,
                        dailyUsageCsv(summary.data.daily, summary.data.currency),
                        "text/csv",
                      );
                    }}
                  >
                    Download CSV
                  </button>
                </div>
                <UsageChart daily={summary.data.daily} range={range} currency={summary.data.currency} />
              </div>
              <div className="card">
                <div className="card-title-row">
                  <h2>By model</h2>
                  {byModel.data && (
                    <button
                      type="button"
                      className="button-secondary"
                      data-testid="download-models-csv"
                      onClick={() => {
                        downloadText(
                          `${fileStem}-models.csv`,
                          modelUsageCsv(byModel.data, summary.data.currency),
                          "text/csv",
                        );
                      }}
                    >
                      Download CSV
                    </button>
                  )}
                </div>
                {byModel.isPending ? (
                  <Loading label="Loading models…" />
                ) : byModel.isError ? (
                  <ErrorState message={errorMessage(byModel.error)} onRetry={() => void byModel.refetch()} />
                ) : (
                  <ModelTable rows={byModel.data} currency={summary.data.currency} />
                )}
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}
