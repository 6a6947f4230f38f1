import { Code, Flex, Text } from "@radix-ui/themes";
import { TOKEN_TYPES } from "@tollgate/domain";
import { useMemo, type ReactNode } from "react";
import { rateKey, type RatesDraft } from "../../lib/rates-draft.ts";
import { TOKEN_LABELS } from "../../lib/token-labels.ts";
import { columnsFor, DataTable } from "../data-table.tsx";
import { PriceCell, SelectAllCell, SelectCell } from "./price-cell.tsx";

export interface CatalogModel {
  id: string;
  provider: string;
  display_name: string;
}

const col = columnsFor<CatalogModel>();

/**
 * The rates of the filtered models under one condition, one row per model and a price input per token type.
 * Virtualized (only the rows in view are in the DOM) so the whole catalog stays fast; the columns change only
 * with the condition, the filter or the server's errors, never while typing (cells read the draft themselves).
 */
export function RatesTable({
  draft,
  models,
  condition,
  cellErrors,
}: {
  draft: RatesDraft;
  models: readonly CatalogModel[];
  condition: string;
  cellErrors: ReadonlyMap<string, string>;
}): ReactNode {
  const modelIds = useMemo(() => models.map((model) => model.id), [models]);
  const columns = useMemo(
    () =>
      col.columns([
        col.display({
          id: "select",
          header: () => <SelectAllCell draft={draft} modelIds={modelIds} />,
          cell: (info) => <SelectCell draft={draft} modelId={info.row.original.id} />,
        }),
        col.accessor("id", {
          header: "Model",
          enableSorting: false,
          cell: (info) => (
            <Flex direction="column" className="rate-model">
              <Code variant="ghost" size="1" className="break-anywhere">
                {info.getValue()}
              </Code>
              <Text size="1" color="gray" truncate>
                {info.row.original.display_name}
              </Text>
            </Flex>
          ),
        }),
        ...TOKEN_TYPES.map((type) =>
          col.display({
            id: type,
            header: TOKEN_LABELS[type],
            cell: (info) => {
              const key = rateKey(info.row.original.id, condition, type);
              return (
                <PriceCell
                  draft={draft}
                  cellKey={key}
                  label={`${info.row.original.id} ${TOKEN_LABELS[type]} price per 1M`}
                  serverError={cellErrors.get(key)}
                />
              );
            },
          }),
        ),
      ]),
    [draft, modelIds, condition, cellErrors],
  );
  return (
    <DataTable
      data={models as CatalogModel[]}
      columns={columns}
      label="Rates per 1M tokens"
      getRowId={(model) => model.id}
      virtual
      testId="rates-table"
    />
  );
}
