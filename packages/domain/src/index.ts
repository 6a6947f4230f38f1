export * from "./describe-issue.ts";
export * from "./errors.ts";
export * from "./ingest-mapping.ts";
export * from "./money.ts";
export * from "./money-format.ts";
export * from "./pricing/index.ts";
export * from "./provider-usage/index.ts";
export * from "./rating.ts";
export { tokenCountSchema } from "./token-count.ts";
export * from "./token-types.ts";
export * from "./usage-event.ts";
export * from "./stored-text.ts";
export * from "./audit-reason.ts";
export * from "./tenant-budget-allowance.ts";
export { isPlainQueuedEvent } from "./plain-queued-event.ts";
export { isoInstantTime } from "./iso-instant.ts";
export * from "./catalog/index.ts";
export * from "./limits/index.ts";
export * from "./budgets/index.ts";
export * from "./webhooks/index.ts";
export {
  decimalTextToUnits,
  ExactSum,
  formatUnits,
  perTokenUnits,
  UNIT_DECIMALS,
  unitsToMoney,
} from "./exact-units.ts";
export * from "./invoicing/index.ts";
export * from "./reconciliation/index.ts";
export * from "./accounts/index.ts";
export * from "./forecast/index.ts";
export * from "./api-keys/index.ts";
export * from "./team/index.ts";
export { addDays, isCalendarDay, zoneDayOf, zoneDayStart } from "./zone-days.ts";
