// Entry point @tollgate/use-cases/plan-simulations.
export * from "./get-plan-simulation.ts";
export * from "./list-plan-simulations.ts";
export * from "./list-simulation-results.ts";
export * from "./publish-and-migrate.ts";
export * from "./simulation-ports.ts";
export * from "./simulation-window.ts";
export * from "./start-plan-simulation.ts";
