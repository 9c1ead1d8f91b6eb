/** Stream metadata in D1: streams, their partitions and tags. */
import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { chunkRows } from "../db/batch";
import type { Db } from "../db/client";
import { partitionPurges, partitions, streams, streamTags } from "../db/schema";
import { disError } from "../errors/dis-error";

export type StreamRow = typeof streams.$inferSelect;
export type PartitionRow = typeof partitions.$inferSelect;
export type TagRow = { key: string; value: string };

export async function findStream(db: Db, projectId: string, name: string): Promise<StreamRow | null> {
  const [row] = await db
    .select()
    .from(streams)
    .where(and(eq(streams.projectId, projectId), eq(streams.name, name)));
  return row ?? null;
}

/** The named stream of the project, or DIS.4301. */
export async function requireStream(db: Db, projectId: string, name: string): Promise<StreamRow> {
  const stream = await findStream(db, projectId, name);
  if (!stream) throw disError("DIS.4301", name);
  return stream;
}

export async function findStreamById(db: Db, id: string): Promise<StreamRow | null> {
  const [row] = await db.select().from(streams).where(eq(streams.id, id));
  return row ?? null;
}

export async function listStreams(db: Db, projectId: string, after: string | undefined, limit: number) {
  const where = after === undefined ? eq(streams.projectId, projectId) : and(eq(streams.projectId, projectId), gt(streams.name, after));
  const [page, [total]] = await Promise.all([
    db.select().from(streams).where(where).orderBy(asc(streams.name)).limit(limit + 1),
    db.select({ n: count() }).from(streams).where(eq(streams.projectId, projectId)),
  ]);
  return { streams: page.slice(0, limit), hasMore: page.length > limit, total: total?.n ?? 0 };
}

/** ACTIVE partitions in use per stream type in the project, for the partition quota. */
export async function partitionUsage(db: Db, projectId: string): Promise<Record<"COMMON" | "ADVANCED", number>> {
  const rows = await db
    .select({ type: streams.streamType, n: count() })
    .from(partitions)
    .innerJoin(streams, eq(streams.id, partitions.streamId))
    .where(and(eq(streams.projectId, projectId), eq(partitions.status, "ACTIVE")))
    .groupBy(streams.streamType);
  const usage = { COMMON: 0, ADVANCED: 0 };
  for (const row of rows) usage[row.type] = row.n;
  return usage;
}

/** Inserts a stream with its partitions and tags in one transaction. */
export async function insertStream(db: Db, stream: StreamRow, parts: PartitionRow[], tags: TagRow[]): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [db.insert(streams).values(stream)];
  for (const chunk of chunkRows(parts)) statements.push(db.insert(partitions).values(chunk));
  const tagRows = tags.map((t) => ({ streamId: stream.id, key: t.key, value: t.value }));
  for (const chunk of chunkRows(tagRows)) statements.push(db.insert(streamTags).values(chunk));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/** Every partition of a stream, whatever its status, in index order. */
export async function allPartitions(db: Db, streamId: string): Promise<PartitionRow[]> {
  return db.select().from(partitions).where(eq(partitions.streamId, streamId)).orderBy(asc(partitions.index));
}

export async function listPartitions(db: Db, streamId: string, afterIndex: number, limit: number) {
  const page = await db
    .select()
    .from(partitions)
    .where(and(eq(partitions.streamId, streamId), gt(partitions.index, afterIndex)))
    .orderBy(asc(partitions.index))
    .limit(limit + 1);
  return { partitions: page.slice(0, limit), hasMore: page.length > limit };
}

/**
 * Partition counts by what they allow: writable (ACTIVE), readable (ACTIVE, and DELETED until its
 * data has expired after `retentionMs`), and every index ever used.
 */
export async function partitionCounts(db: Db, streamId: string, retentionMs = 0) {
  const expiredBefore = Date.now() - retentionMs;
  const [row] = await db
    .select({
      writable: sql<number>`coalesce(sum(${partitions.status} = 'ACTIVE'), 0)`,
      readable: sql<number>`coalesce(sum(${partitions.status} = 'ACTIVE' or (${partitions.status} = 'DELETED' and ${partitions.deletedAt} > ${expiredBefore})), 0)`,
      slots: sql<number>`coalesce(max(${partitions.index}) + 1, 0)`,
    })
    .from(partitions)
    .where(eq(partitions.streamId, streamId));
  return { writable: row?.writable ?? 0, readable: row?.readable ?? 0, slots: row?.slots ?? 0 };
}

/** Tags of each stream id given, in key order. */
export async function tagsOf(db: Db, streamIds: string[]): Promise<Map<string, TagRow[]>> {
  const byStream = new Map<string, TagRow[]>(streamIds.map((id) => [id, []]));
  if (streamIds.length === 0) return byStream;
  const rows = await db
    .select()
    .from(streamTags)
    .where(inArray(streamTags.streamId, streamIds))
    .orderBy(asc(streamTags.streamId), asc(streamTags.key));
  for (const row of rows) byStream.get(row.streamId)?.push({ key: row.key, value: row.value });
  return byStream;
}

export async function updateStream(db: Db, streamId: string, changes: Partial<StreamRow>): Promise<void> {
  await db.update(streams).set(changes).where(eq(streams.id, streamId));
}

/**
 * Removes a stream's metadata (partitions and tags cascade) and records that its
 * `slots` partition logs are to be erased, in one transaction.
 */
export async function deleteStream(db: Db, streamId: string, slots: number): Promise<void> {
  await db.batch([
    db.insert(partitionPurges).values({ streamId, partitionCount: slots, createdAt: Date.now() }).onConflictDoNothing(),
    db.delete(streams).where(eq(streams.id, streamId)),
  ]);
}

export async function pendingPurges(db: Db, limit: number) {
  return db.select().from(partitionPurges).orderBy(asc(partitionPurges.createdAt)).limit(limit);
}

export async function finishPurge(db: Db, streamId: string): Promise<void> {
  await db.delete(partitionPurges).where(eq(partitionPurges.streamId, streamId));
}
