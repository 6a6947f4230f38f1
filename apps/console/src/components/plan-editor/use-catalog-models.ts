import { useQuery } from "@tanstack/react-query";
import { useTRPCClient } from "../../lib/trpc.ts";
import type { CatalogModel } from "./rates-table.tsx";

/** The api's largest models page; the whole catalog (≈ 1,500 models) is then a few requests. */
const PAGE_SIZE = "500";

/** Every catalog model, page after page: the editor lists models without a rate too, so one can be given one. */
export function useCatalogModels() {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ["plan-editor", "catalog-models"],
    queryFn: async ({ signal }): Promise<CatalogModel[]> => {
      const models: CatalogModel[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.models.list.query({ limit: PAGE_SIZE, cursor }, { signal });
        for (const model of page.models) {
          models.push({ id: model.id, provider: model.provider, display_name: model.display_name });
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
      return models;
    },
    staleTime: 60_000,
  });
}
