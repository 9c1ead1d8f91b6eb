/**
 * A project at a glance: what it uses of its quotas, and how much it holds and moved
 * (README "Quotas and overview"). Counts come from D1, traffic from the partition logs' own
 * per-minute counters (summed inside each log, one call per partition).
 */
import { count, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { apps, partitions, streams, transferTasks } from "../db/schema";
import type { Env } from "../env";
import { minuteOf, type MetricCounters } from "../metrics/counters";
import { partitionStub } from "../partition/stubs";
import { appQuota } from "../apps/quota";
import { partitionUsage } from "../streams/repository";
import { quotaOf, retentionMsOf } from "../streams/service";
import { effectiveStatus } from "../streams/partitions";
import { TRANSFER_TASK_QUOTA } from "../transfers/descriptor";

const DAY_MS = 86_400_000;

export async function quotaReport(env: Env, db: Db, projectId: string) {
  const [usage, [appRow], perStream] = await Promise.all([
    partitionUsage(db, projectId),
    db.select({ n: count() }).from(apps).where(eq(apps.projectId, projectId)),
    db
      .select({ name: streams.name, n: count() })
      .from(transferTasks)
      .innerJoin(streams, eq(streams.id, transferTasks.streamId))
      .where(eq(streams.projectId, projectId))
      .groupBy(streams.name)
      .orderBy(streams.name),
  ]);
  return {
    quotas: {
      resources: [
        { type: "common_partitions", used: usage.COMMON, quota: quotaOf(env, "COMMON") },
        { type: "advanced_partitions", used: usage.ADVANCED, quota: quotaOf(env, "ADVANCED") },
        { type: "apps", used: appRow?.n ?? 0, quota: appQuota(env) },
        {
          type: "transfer_tasks_per_stream",
          used: Math.max(0, ...perStream.map((s) => s.n)),
          quota: TRANSFER_TASK_QUOTA,
          streams: perStream.map((s) => ({ stream_name: s.name, used: s.n })),
        },
      ],
    },
  };
}

interface Traffic {
  put_records: number;
  put_bytes: number;
  get_records: number;
  get_bytes: number;
}

function traffic(c: MetricCounters): Traffic {
  return { put_records: c.putRecords, put_bytes: c.putBytes, get_records: c.getRecords, get_bytes: c.getBytes };
}

function plus(a: Traffic, b: Traffic): Traffic {
  return { put_records: a.put_records + b.put_records, put_bytes: a.put_bytes + b.put_bytes, get_records: a.get_records + b.get_records, get_bytes: a.get_bytes + b.get_bytes };
}

const NONE: Traffic = { put_records: 0, put_bytes: 0, get_records: 0, get_bytes: 0 };

/** Counts of the project's resources, and its traffic today (since 00:00 UTC) and over the last 7 days (including today). */
export async function statistics(env: Env, db: Db, projectId: string, now = Date.now()) {
  const [streamRows, partitionRows, [appRow], [taskRow]] = await Promise.all([
    db.select({ id: streams.id, retentionHours: streams.retentionHours }).from(streams).where(eq(streams.projectId, projectId)),
    db
      .select({ streamId: partitions.streamId, index: partitions.index, status: partitions.status, deletedAt: partitions.deletedAt, retentionHours: streams.retentionHours })
      .from(partitions)
      .innerJoin(streams, eq(streams.id, partitions.streamId))
      .where(eq(streams.projectId, projectId)),
    db.select({ n: count() }).from(apps).where(eq(apps.projectId, projectId)),
    db.select({ n: count() }).from(transferTasks).innerJoin(streams, eq(streams.id, transferTasks.streamId)).where(eq(streams.projectId, projectId)),
  ]);
  const byStatus = { ACTIVE: 0, DELETED: 0, EXPIRED: 0 };
  for (const p of partitionRows) byStatus[effectiveStatus(p, retentionMsOf(p), now) as keyof typeof byStatus] += 1;

  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  const weekAgo = midnight - 6 * DAY_MS;
  const nowMinute = minuteOf(now);
  const totals = await Promise.all(
    partitionRows.map(async (p) => {
      const stub = partitionStub(env, p.streamId, p.index);
      const [earlier, today] = await Promise.all([stub.metricTotals(minuteOf(weekAgo), minuteOf(midnight) - 1), stub.metricTotals(minuteOf(midnight), nowMinute)]);
      return { earlier: traffic(earlier), today: traffic(today) };
    }),
  );
  const today = totals.reduce((sum, t) => plus(sum, t.today), NONE);
  const week = totals.reduce((sum, t) => plus(sum, plus(t.earlier, t.today)), NONE);
  return {
    stream_count: streamRows.length,
    partition_count: { total: partitionRows.length, ...byStatus },
    app_count: appRow?.n ?? 0,
    transfer_task_count: taskRow?.n ?? 0,
    today,
    last_7_days: week,
  };
}
