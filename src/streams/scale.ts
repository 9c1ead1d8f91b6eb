/** Changing a stream's partition count: checks, the D1 transaction, and telling the partition logs. */
import { eq } from "drizzle-orm";
import { isUniqueViolation } from "../db/batch";
import { openDb, type Db } from "../db/client";
import { partitions } from "../db/schema";
import type { Env } from "../env";
import { disError } from "../errors/dis-error";
import { partitionStub } from "../partition/stubs";
import { forgetRouting } from "../records/stream-routing";
import { allPartitions, findStreamById, partitionUsage, type StreamRow } from "./repository";
import { applyScale, finishRoutingPush, pendingRoutingPushes, recordFailedScaling, scalingHistory } from "./scale-repository";
import { eachSettled } from "../util/settle";
import { childrenOf, planScale, scalingRefusal } from "./scaling";
import { quotaOf, retentionMsOf } from "./service";
import { tellGroupsOfScaling } from "../groups/stream-changes";
import { recordEvents } from "../events/record";
import { partitionQuotaEvent } from "./quota-events";

/** Tells every partition log of the stream its writability under the stream's current routing epoch, then the consumer groups following it. */
export async function pushRouting(env: Env, db: Db, streamId: string): Promise<void> {
  const stream = await findStreamById(db, streamId);
  if (!stream) return;
  const rows = await db
    .select({ index: partitions.index, status: partitions.status, hashLow: partitions.hashLow, hashHigh: partitions.hashHigh })
    .from(partitions)
    .where(eq(partitions.streamId, streamId));
  const ranges = rows.map((p) => ({ index: p.index, active: p.status === "ACTIVE", low: BigInt(p.hashLow), high: BigInt(p.hashHigh) }));
  await Promise.all(
    ranges.map((p) => partitionStub(env, streamId, p.index).applyRouting(stream.routingEpoch, p.active, p.active ? [] : childrenOf(p, ranges))),
  );
  await tellGroupsOfScaling(env, db, { id: stream.id, name: stream.name, retentionMs: retentionMsOf(stream) });
  await finishRoutingPush(db, streamId, stream.routingEpoch);
}

export async function runPendingRoutingPushes(env: Env, limit = 20): Promise<number> {
  const db = openDb(env.DB);
  const pending = await pendingRoutingPushes(db, limit);
  return eachSettled(pending, "telling partitions of a scaling", (p) => pushRouting(env, db, p.streamId));
}

/** Scales `stream` to `target` ACTIVE partitions (manual or automatic), within quota and the hourly limits. */
export async function scaleStream(env: Env, stream: StreamRow, target: number, autoScale: boolean): Promise<void> {
  const db = openDb(env.DB);
  const refusal = scalingRefusal(await scalingHistory(db, stream.id), Date.now());
  if (refusal) throw disError("DIS.4305", refusal);

  const rows = await allPartitions(db, stream.id);
  const current = rows.filter((p) => p.status === "ACTIVE").length;
  if (target === current) throw disError("DIS.4200", `The stream already has ${current} active partitions.`);
  const added = Math.max(0, target - current);
  if (added > 0) {
    const used = (await partitionUsage(db, stream.projectId))[stream.streamType];
    const quota = quotaOf(env, stream.streamType);
    if (used + added > quota) {
      const message = `${stream.streamType} partitions: ${used} of ${quota} in use, ${added} more requested.`;
      await recordFailedScaling(db, stream, target, 4308, message, autoScale);
      throw disError("DIS.4308", message);
    }
  }

  const plan = planScale(
    rows.map((p) => ({ index: p.index, status: p.status, low: BigInt(p.hashLow), high: BigInt(p.hashHigh) })),
    target,
  );
  try {
    await applyScale(db, stream, plan, new Set(rows.map((p) => p.index)), autoScale);
  } catch (error) {
    if (isUniqueViolation(error)) throw disError("DIS.4305", "Another change of the partition count happened at the same time.");
    throw error;
  }
  forgetRouting(stream.projectId, stream.name, stream.id);
  const used = added > 0 ? (await partitionUsage(db, stream.projectId))[stream.streamType] : 0;
  await recordEvents(env, [
    { projectId: stream.projectId, type: "PARTITIONS_SCALED", resourceId: stream.id, resourceName: stream.name, detail: { from: current, to: target, auto_scale: autoScale } },
    ...partitionQuotaEvent(env, stream, used, added),
  ]);
  try {
    await pushRouting(env, db, stream.id);
  } catch (error) {
    // The change is committed; the cron trigger finishes telling the partitions.
    console.error("routing push deferred to cron", error);
  }
}
