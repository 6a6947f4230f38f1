import { notFound, rootRouteId } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { isApiNotFound } from "../lib/api-not-found.ts";
import { ErrorState } from "./async-state.tsx";

/**
 * A detail page's failed load of the one thing it shows (an invoice, a plan version…). When the api says that thing
 * does not exist, the page does not either: the router's 404 page, as for an id that is not one at all (the route's
 * params check). Anything else is an error state, with Retry when trying again can help.
 */
export function MainEntityError({ error, onRetry }: { error: unknown; onRetry: () => void }): ReactNode {
  if (isApiNotFound(error)) {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's notFound is thrown by design
    throw notFound({ routeId: rootRouteId });
  }
  return <ErrorState error={error} onRetry={onRetry} />;
}
