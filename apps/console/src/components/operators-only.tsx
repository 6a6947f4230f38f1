import type { ReactNode } from "react";
import { Empty } from "./async-state.tsx";

/** A tenant user on an operator page (a shared link): nothing to show, and the api would refuse anyway. */
export function OperatorsOnly(): ReactNode {
  return <Empty title="This page is for Tollgate operators.">Your own pages are in the navigation.</Empty>;
}
