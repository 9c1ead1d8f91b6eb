/**
 * Erasing deleted streams' partition logs. Deleting a stream records a purge; the delete
 * request starts it and the cron trigger finishes any that were interrupted. Erasing a log is
 * idempotent, and the purge row goes only after every log is erased and the consumer groups
 * that followed the stream were told.
 */
import { openDb } from "../db/client";
import type { Env } from "../env";
import { partitionStub } from "../partition/stubs";
import { eachSettled } from "../util/settle";
import { finishPurge, pendingPurges } from "./repository";
import { tellGroupsOfDeletion } from "../groups/stream-changes";

export async function purgeStream(env: Env, streamId: string, slots: number): Promise<void> {
  await Promise.all(Array.from({ length: slots }, (_, index) => partitionStub(env, streamId, index).erase()));
  const db = openDb(env.DB);
  await tellGroupsOfDeletion(env, db, streamId);
  await finishPurge(db, streamId);
}

/** Works off purges left by earlier deletes (oldest first, a bounded number per run). */
export async function runPendingPurges(env: Env, limit = 20): Promise<number> {
  const pending = await pendingPurges(openDb(env.DB), limit);
  return eachSettled(pending, "erasing a deleted stream", (p) => purgeStream(env, p.streamId, p.partitionCount));
}
