/** Which consumer groups follow which streams (D1), and the coordinator object of an app. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { groupStreams } from "../db/schema";
import type { Env } from "../env";
import { TtlCache } from "../util/ttl-cache";

/** The coordinator of app incarnation `appId`'s consumer group. */
export function groupStub(env: Env, appId: string) {
  return env.CONSUMER_GROUPS.get(env.CONSUMER_GROUPS.idFromName(appId));
}

/** Pairs this isolate already recorded, so rejoining members write D1 once per pair. */
const knownFollowers = new TtlCache<true>(10 * 60_000);

/** Records that an app's group follows the streams (once per pair). */
export async function noteFollowed(db: Db, appId: string, streamIds: readonly string[]): Promise<void> {
  const fresh = streamIds.filter((id) => !knownFollowers.get(`${appId}\u0000${id}`));
  if (fresh.length === 0) return;
  await db
    .insert(groupStreams)
    .values(fresh.map((streamId) => ({ appId, streamId })))
    .onConflictDoNothing();
  for (const id of fresh) knownFollowers.set(`${appId}\u0000${id}`, true);
}

/** The apps whose groups follow a stream. */
export async function followersOf(db: Db, streamId: string): Promise<string[]> {
  const rows = await db.select({ appId: groupStreams.appId }).from(groupStreams).where(eq(groupStreams.streamId, streamId));
  return rows.map((r) => r.appId);
}

/** A deleted stream's groups have been told: its rows go (stream ids are never reused, so no cache entry can mislead). */
export async function forgetFollowed(db: Db, streamId: string): Promise<void> {
  await db.delete(groupStreams).where(eq(groupStreams.streamId, streamId));
}
