/** Demo data is asked for with `--demo` or TOLLGATE_DEMO=true; anything else (unset, "false") means no demo. */
export function demoRequested(args: readonly string[], envValue: string | undefined): boolean {
  if (args.includes("--demo")) return true;
  if (envValue === undefined || envValue === "" || envValue === "false") return false;
  if (envValue === "true") return true;
  throw new Error(`TOLLGATE_DEMO must be "true" or "false", not ${JSON.stringify(envValue)}`);
}
