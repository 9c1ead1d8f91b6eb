/**
 * The cron trigger's part in delivery: every minute it asks each RUNNING task to deliver if an
 * interval has passed. Tasks also keep their own timers (intervals go down to 30 seconds); the
 * minute tick is the watchdog that keeps delivery going if a timer was lost.
 */
import { openDb } from "../db/client";
import type { Env } from "../env";
import { runningTaskIds } from "./repository";
import { taskStub } from "./service";

/** Task objects asked at once. */
const CONCURRENCY = 25;

/** Ticks every RUNNING task; returns how many ticks failed (each is logged, and retried next minute). */
export async function runTransferTasks(env: Env, now: number): Promise<number> {
  const ids = await runningTaskIds(openDb(env.DB));
  let failed = 0;
  for (let i = 0; i < ids.length; i += CONCURRENCY) {
    const ticks = await Promise.allSettled(ids.slice(i, i + CONCURRENCY).map((id) => taskStub(env, id).tick(now)));
    for (const t of ticks) {
      if (t.status === "rejected") {
        failed++;
        console.error("ticking a transfer task failed; the next minute retries it", t.reason);
      }
    }
  }
  return failed;
}
