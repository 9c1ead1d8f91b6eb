/** When the cron trigger last ran: recorded by each run, reported by the readiness check. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { serviceState } from "../db/schema";

const KEY = "cron_last_run";

export async function recordCronRun(db: Db, at: number): Promise<void> {
  await db.insert(serviceState).values({ key: KEY, value: at }).onConflictDoUpdate({ target: serviceState.key, set: { value: at } });
}

/** Epoch ms of the last run, or null when the cron has not run yet. */
export async function lastCronRun(db: Db): Promise<number | null> {
  const row = await db.select().from(serviceState).where(eq(serviceState.key, KEY)).get();
  return row?.value ?? null;
}
