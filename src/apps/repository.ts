/** Apps and the streams they committed on, in D1. */
import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { appStreams, apps, checkpointPurges, partitions, streams } from "../db/schema";
import { TtlCache } from "../util/ttl-cache";

export type AppRow = typeof apps.$inferSelect;

export async function findApp(db: Db, projectId: string, name: string): Promise<AppRow | null> {
  const [row] = await db
    .select()
    .from(apps)
    .where(and(eq(apps.projectId, projectId), eq(apps.name, name)));
  return row ?? null;
}

/** Apps by name, cached briefly for the checkpoint path (commits come every few seconds per consumer). */
const appCache = new TtlCache<AppRow>(10_000);

export async function findAppCached(db: Db, projectId: string, name: string): Promise<AppRow | null> {
  const key = `${projectId}\u0000${name}`;
  const hit = appCache.get(key);
  if (hit) return hit;
  const row = await findApp(db, projectId, name);
  if (row) appCache.set(key, row);
  return row;
}

export function forgetApp(projectId: string, name: string): void {
  appCache.delete(`${projectId}\u0000${name}`);
}

export async function countApps(db: Db, projectId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apps).where(eq(apps.projectId, projectId));
  return row?.n ?? 0;
}

export async function insertApp(db: Db, app: AppRow): Promise<void> {
  await db.insert(apps).values(app);
}

/** A page of apps by name, optionally only those that committed on a stream, with the total count. */
export async function listApps(db: Db, projectId: string, after: string | undefined, limit: number, streamId?: string) {
  const conditions = [eq(apps.projectId, projectId)];
  if (streamId !== undefined) {
    conditions.push(inArray(apps.id, db.select({ id: appStreams.appId }).from(appStreams).where(eq(appStreams.streamId, streamId))));
  }
  const all = and(...conditions);
  const page = and(all, after === undefined ? undefined : gt(apps.name, after));
  const [rows, [total]] = await Promise.all([
    db.select().from(apps).where(page).orderBy(asc(apps.name)).limit(limit + 1),
    db.select({ n: count() }).from(apps).where(all),
  ]);
  return { apps: rows.slice(0, limit), hasMore: rows.length > limit, total: total?.n ?? 0 };
}

/** Names of the streams each app committed on. */
export async function committedStreamNames(db: Db, appIds: string[]): Promise<Map<string, string[]>> {
  const byApp = new Map<string, string[]>(appIds.map((id) => [id, []]));
  if (appIds.length === 0) return byApp;
  const rows = await db
    .select({ appId: appStreams.appId, name: streams.name })
    .from(appStreams)
    .innerJoin(streams, eq(streams.id, appStreams.streamId))
    .where(inArray(appStreams.appId, appIds))
    .orderBy(asc(streams.name));
  for (const row of rows) byApp.get(row.appId)?.push(row.name);
  return byApp;
}

/** Pairs already recorded by this isolate, so a steady committer writes D1 once per pair, not per commit. */
const knownPairs = new TtlCache<true>(10 * 60_000);

/** Records that an app committed on a stream (once). */
export async function noteCommit(db: Db, appId: string, streamId: string): Promise<void> {
  const key = `${appId}\u0000${streamId}`;
  if (knownPairs.get(key)) return;
  await db.insert(appStreams).values({ appId, streamId }).onConflictDoNothing();
  knownPairs.set(key, true);
}

/**
 * Deletes an app and records, in the same transaction, which streams' partition logs still hold
 * its checkpoints. Returns those purges.
 */
export async function deleteApp(db: Db, app: AppRow): Promise<{ streamId: string; partitionCount: number }[]> {
  const targets = await db
    .select({ streamId: appStreams.streamId, partitionCount: sql<number>`coalesce(max(${partitions.index}) + 1, 0)` })
    .from(appStreams)
    .leftJoin(partitions, eq(partitions.streamId, appStreams.streamId))
    .where(eq(appStreams.appId, app.id))
    .groupBy(appStreams.streamId);
  const now = Date.now();
  await db.batch([
    db.delete(apps).where(eq(apps.id, app.id)),
    ...targets.map((t) => db.insert(checkpointPurges).values({ appId: app.id, ...t, createdAt: now }).onConflictDoNothing()),
  ]);
  return targets;
}

export async function pendingCheckpointPurges(db: Db, limit: number) {
  return db.select().from(checkpointPurges).orderBy(asc(checkpointPurges.createdAt)).limit(limit);
}

export async function finishCheckpointPurge(db: Db, appId: string, streamId: string): Promise<void> {
  await db.delete(checkpointPurges).where(and(eq(checkpointPurges.appId, appId), eq(checkpointPurges.streamId, streamId)));
}
