/** D1 side of partition scaling: history, the scale itself in one transaction, routing pushes. */
import { and, asc, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { partitions, partitionScalings, routingPushes, streams } from "../db/schema";
import type { StreamRow } from "./repository";
import type { ScalePlan } from "./scaling";

export type ScalingRow = typeof partitionScalings.$inferSelect;

export async function scalingHistory(db: Db, streamId: string): Promise<ScalingRow[]> {
  return db.select().from(partitionScalings).where(eq(partitionScalings.streamId, streamId)).orderBy(asc(partitionScalings.createTimestamp), asc(partitionScalings.id));
}

export async function recordFailedScaling(db: Db, stream: StreamRow, target: number, code: number, message: string, autoScale: boolean): Promise<void> {
  await db.insert(partitionScalings).values({
    streamId: stream.id,
    createTimestamp: Date.now(),
    srcPartitionCount: stream.partitionCount,
    targetPartitionCount: target,
    resultCode: code,
    resultMsg: message,
    autoScale,
  });
}

/**
 * Applies a scale plan in one transaction: partition rows, the stream's count and routing epoch,
 * the history entry, and the routing push that tells the partition logs. Returns the new epoch.
 */
export async function applyScale(db: Db, stream: StreamRow, plan: ScalePlan, existing: Set<number>, autoScale: boolean): Promise<number> {
  const now = Date.now();
  const epoch = stream.routingEpoch + 1;
  const target = plan.active.length;
  // The history row goes first: a change racing this one claims the same epoch, and the loser's whole batch rolls back.
  const statements: BatchItem<"sqlite">[] = [
    db.insert(partitionScalings).values({
      streamId: stream.id,
      createTimestamp: now,
      srcPartitionCount: stream.partitionCount,
      targetPartitionCount: target,
      resultCode: 0,
      resultMsg: "Success",
      autoScale,
      routingEpoch: epoch,
    }),
  ];
  for (const p of plan.active) {
    const range = { hashLow: p.low.toString(), hashHigh: p.high.toString() };
    if (existing.has(p.index)) {
      statements.push(db.update(partitions).set(range).where(and(eq(partitions.streamId, stream.id), eq(partitions.index, p.index))));
    } else {
      statements.push(
        db.insert(partitions).values({ streamId: stream.id, index: p.index, status: "ACTIVE", ...range, parentPartitions: p.parents ?? null, createTime: now, deletedAt: null }),
      );
    }
  }
  for (const index of plan.deleted) {
    statements.push(db.update(partitions).set({ status: "DELETED", deletedAt: now }).where(and(eq(partitions.streamId, stream.id), eq(partitions.index, index))));
  }
  statements.push(
    db.update(streams).set({ partitionCount: target, routingEpoch: epoch, lastModifiedTime: now }).where(eq(streams.id, stream.id)),
    db
      .insert(routingPushes)
      .values({ streamId: stream.id, routingEpoch: epoch, createdAt: now })
      .onConflictDoUpdate({ target: routingPushes.streamId, set: { routingEpoch: epoch, createdAt: now } }),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return epoch;
}

export async function pendingRoutingPushes(db: Db, limit: number) {
  return db.select().from(routingPushes).orderBy(asc(routingPushes.createdAt)).limit(limit);
}

/** Removes the push once the logs know `epoch` (a newer scaling leaves its own). */
export async function finishRoutingPush(db: Db, streamId: string, epoch: number): Promise<void> {
  await db.delete(routingPushes).where(and(eq(routingPushes.streamId, streamId), sql`${routingPushes.routingEpoch} <= ${epoch}`));
}
