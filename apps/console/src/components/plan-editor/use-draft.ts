import { useCallback, useSyncExternalStore } from "react";
import type { RatesDraft } from "../../lib/rates-draft.ts";

/** A value read from the rates draft; the component re-renders only when that value changes. */
export function useDraftValue<T>(draft: RatesDraft, read: (draft: RatesDraft) => T): T {
  const snapshot = useCallback(() => read(draft), [draft, read]);
  return useSyncExternalStore(draft.subscribe, snapshot);
}
