import type { TestStack } from "./test-stack.ts";

/** SIGKILLs one randomly chosen worker process and starts a replacement (resolves once it is ready). */
export async function killAndReplaceRandomWorker(stack: TestStack): Promise<void> {
  const index = Math.floor(Math.random() * stack.workers.length);
  const victim = stack.workers[index];
  if (!victim) throw new Error("no worker to kill");
  await victim.kill9();
  stack.workers.splice(index, 1);
  await stack.startWorker();
}

export function randomDelay(minMs: number, maxMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)));
}
