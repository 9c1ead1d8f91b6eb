/**
 * Auto-scaling (reference §5.1.1, §5.1.6): from each ACTIVE partition's measured writes, a stream
 * with `auto_scale_enabled` scales out when its partitions' average utilization stayed at or above
 * OUT_PERCENT for the last OUT_MINUTES full minutes, and in when it stayed at or below IN_PERCENT for
 * the last IN_MINUTES, within its min and max and the hourly limits. The new count aims at 50 %
 * utilization. Utilization of a partition in a minute is the larger of its bytes and records written
 * over what the stream type allows in a minute. Only minutes after the stream's creation and its
 * last scaling count.
 */
import { and, eq } from "drizzle-orm";
import { openDb } from "../db/client";
import { partitions, streams } from "../db/schema";
import type { Env } from "../env";
import { DisError } from "../errors/dis-error";
import { MINUTE_MS, minuteOf } from "../metrics/counters";
import type { MinuteRow } from "../metrics/series";
import { LIMITS, type TrafficLimits } from "../partition/traffic";
import { partitionStub } from "../partition/stubs";
import { partitionUsage } from "./repository";
import { scaleStream } from "./scale";
import { quotaOf } from "./service";
import { envNumber } from "../util/env-number";
import { eachSettled } from "../util/settle";
import { scalingHistory } from "./scale-repository";

export interface AutoScalePolicy {
  outPercent: number;
  outMinutes: number;
  inPercent: number;
  inMinutes: number;
}

export function policyOf(env: Env): AutoScalePolicy {
  return {
    outPercent: envNumber(env.AUTO_SCALE_OUT_PERCENT, 80, 1),
    outMinutes: envNumber(env.AUTO_SCALE_OUT_MINUTES, 5, 1),
    inPercent: envNumber(env.AUTO_SCALE_IN_PERCENT, 20, 1),
    inMinutes: envNumber(env.AUTO_SCALE_IN_MINUTES, 30, 1),
  };
}

export interface AutoScaleInput {
  /** Per ACTIVE partition, its minute rows. */
  partitions: MinuteRow[][];
  limits: TrafficLimits;
  /** The last full minute (epoch minutes) and the first one that may count. */
  lastMinute: number;
  firstAllowedMinute: number;
  min: number;
  max: number;
}

/** Average utilization (0..1+) across the partitions for each of the `count` minutes up to lastMinute; null when not all may count. */
export function utilization(input: AutoScaleInput, count: number): number[] | null {
  const first = input.lastMinute - count + 1;
  if (first < input.firstAllowedMinute || input.partitions.length === 0) return null;
  const perMinuteBytes = input.limits.writeBytesPerSecond * 60;
  const perMinuteRecords = input.limits.writeRecordsPerSecond * 60;
  const values: number[] = [];
  for (let m = first; m <= input.lastMinute; m++) {
    let sum = 0;
    for (const rows of input.partitions) {
      const row = rows.find((r) => r.minute === m);
      sum += row ? Math.max(row.putBytes / perMinuteBytes, row.putRecords / perMinuteRecords) : 0;
    }
    values.push(sum / input.partitions.length);
  }
  return values;
}

/** The partition count to scale to, or null to stay. */
export function autoScaleTarget(input: AutoScaleInput, policy: AutoScalePolicy): number | null {
  const current = input.partitions.length;
  const aim = (u: number) => Math.ceil((current * u) / 0.5);
  const busy = utilization(input, policy.outMinutes);
  if (busy && busy.every((u) => u * 100 >= policy.outPercent) && current < input.max) {
    const average = busy.reduce((a, b) => a + b, 0) / busy.length;
    return Math.min(input.max, Math.max(current + 1, aim(average)));
  }
  const quiet = utilization(input, policy.inMinutes);
  if (quiet && quiet.every((u) => u * 100 <= policy.inPercent) && current > input.min) {
    const average = quiet.reduce((a, b) => a + b, 0) / quiet.length;
    return Math.max(input.min, Math.min(current - 1, Math.max(1, aim(average))));
  }
  return null;
}

/** The cron's auto-scaling pass over every stream that has it on; one stream's failure does not stop the others. */
export async function runAutoScale(env: Env, now = Date.now()): Promise<number> {
  const db = openDb(env.DB);
  const policy = policyOf(env);
  const candidates = await db.select().from(streams).where(eq(streams.autoScaleEnabled, true));
  return eachSettled(candidates, "auto-scaling a stream", async (stream) => {
    const active = await db
      .select({ index: partitions.index })
      .from(partitions)
      .where(and(eq(partitions.streamId, stream.id), eq(partitions.status, "ACTIVE")));
    const lastMinute = minuteOf(now) - 1;
    const from = lastMinute - Math.max(policy.inMinutes, policy.outMinutes) + 1;
    const rows = await Promise.all(active.map((p) => partitionStub(env, stream.id, p.index).metrics(from, lastMinute)));
    const history = await scalingHistory(db, stream.id);
    const lastChange = history.filter((h) => h.resultCode === 0).reduce((t, h) => Math.max(t, h.createTimestamp), stream.createTime);
    const target = autoScaleTarget(
      {
        partitions: rows,
        limits: LIMITS[stream.streamType],
        lastMinute,
        firstAllowedMinute: Math.ceil(lastChange / MINUTE_MS),
        min: stream.autoScaleMin,
        max: stream.autoScaleMax,
      },
      policy,
    );
    if (target === null) return;
    // Scale out only as far as the quota allows, so a busy stream never fills its history with refusals.
    let allowed = target;
    if (target > active.length) {
      const used = (await partitionUsage(db, stream.projectId))[stream.streamType];
      allowed = Math.min(target, active.length + Math.max(0, quotaOf(env, stream.streamType) - used));
      if (allowed <= active.length) return;
    }
    try {
      await scaleStream(env, stream, allowed, true);
    } catch (error) {
      // Over quota (recorded in the history) or within the hourly limits: a later run tries again.
      if (!(error instanceof DisError)) throw error;
    }
  });

}
