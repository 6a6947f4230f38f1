// Entry point @tollgate/use-cases/tasks: the cost per agent task, from the worker's usage_task_totals.
export * from "./get-task.ts";
export * from "./list-tasks.ts";
export * from "./task-month.ts";
