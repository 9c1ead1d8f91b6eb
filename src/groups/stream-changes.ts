/** Telling the consumer groups that follow a stream that its partitions changed (a scaling) or that it is gone. */
import type { Db } from "../db/client";
import type { Env } from "../env";
import { sharedPartitions } from "./interest";
import { followersOf, forgetFollowed, groupStub } from "./repository";

/** After a scaling: each following group learns the stream's shared partitions and rebalances when they changed. */
export async function tellGroupsOfScaling(env: Env, db: Db, stream: { id: string; name: string; retentionMs: number }): Promise<void> {
  const apps = await followersOf(db, stream.id);
  if (apps.length === 0) return;
  const partitions = await sharedPartitions(env, stream, null);
  await Promise.all(apps.map((appId) => groupStub(env, appId).streamChanged(partitions)));
}

/** After a stream's deletion: its groups stop sharing its partitions, then its rows go. */
export async function tellGroupsOfDeletion(env: Env, db: Db, streamId: string): Promise<void> {
  const apps = await followersOf(db, streamId);
  await Promise.all(apps.map((appId) => groupStub(env, appId).streamChanged({ id: streamId, partitions: null })));
  await forgetFollowed(db, streamId);
}
