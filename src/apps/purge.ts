/**
 * Erasing deleted apps' checkpoints from partition logs. The app's deletion records one purge per
 * stream it committed on; the request starts them and the cron trigger finishes any interrupted.
 */
import { openDb } from "../db/client";
import type { Env } from "../env";
import { partitionStub } from "../partition/stubs";
import { eachSettled } from "../util/settle";
import { finishCheckpointPurge, pendingCheckpointPurges } from "./repository";

export async function purgeCheckpoints(env: Env, appId: string, streamId: string, partitionCount: number): Promise<void> {
  await Promise.all(Array.from({ length: partitionCount }, (_, i) => partitionStub(env, streamId, i).forgetApp(appId)));
  await finishCheckpointPurge(openDb(env.DB), appId, streamId);
}

export async function runPendingCheckpointPurges(env: Env, limit = 20): Promise<number> {
  const pending = await pendingCheckpointPurges(openDb(env.DB), limit);
  return eachSettled(pending, "erasing a deleted app's checkpoints", (p) => purgeCheckpoints(env, p.appId, p.streamId, p.partitionCount));
}
