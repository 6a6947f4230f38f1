import type { ReactNode } from "react";
import { Empty } from "./async-state.tsx";

/** An operator on a tenant page before choosing a tenant (the picker in the header). */
export function PickTenantFirst(): ReactNode {
  return <Empty title="Pick a tenant in the header to see its pages." />;
}
