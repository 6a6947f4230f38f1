import type { TaskDetail, TaskSummary } from "@tollgate/use-cases/tasks";

export function taskSummaryJson(task: TaskSummary) {
  return {
    task_id: task.taskId,
    agent: task.agent,
    models: task.models,
    first_seen_at: task.firstSeenAt.toISOString(),
    last_seen_at: task.lastSeenAt.toISOString(),
    event_count: task.eventCount,
    unrated_event_count: task.unratedCount,
    tokens: task.tokens,
    total_tokens: task.totalTokens,
    amount: task.amount,
    rounded_amount: task.roundedAmount,
  };
}

export function taskDetailJson(task: TaskDetail) {
  return {
    task_id: task.taskId,
    currency: task.currency,
    agent: task.agent,
    first_seen_at: task.firstSeenAt.toISOString(),
    last_seen_at: task.lastSeenAt.toISOString(),
    event_count: task.eventCount,
    unrated_event_count: task.unratedCount,
    total_tokens: task.totalTokens,
    amount: task.amount,
    rounded_amount: task.roundedAmount,
    lines: task.lines.map((line) => ({
      model: line.modelId,
      token_type: line.tokenType,
      tokens: line.tokens,
      amount: line.amount,
      rounded_amount: line.roundedAmount,
    })),
  };
}
