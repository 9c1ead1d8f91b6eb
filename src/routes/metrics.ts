/** Stream and partition metrics (reference §5.6). */
import { Hono, type Context } from "hono";
import { authorize } from "../auth/authorize";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { queryOf, validateWithCodes } from "../http/body";
import type { AppEnv } from "../http/context";
import { metricsQuerySchema } from "../metrics/labels";
import { addCounters, emptyCounters, minuteOf } from "../metrics/counters";
import { PARTITION_LABELS, STREAM_LABELS, type LabelRule } from "../metrics/labels";
import { bucketize, dataPoints, MAX_RANGE_MS, type MinuteRow } from "../metrics/series";
import { partitionStub } from "../partition/stubs";
import { parsePartitionId, partitionId } from "../streams/partitions";
import { partitionCounts, requireStream, type StreamRow } from "../streams/repository";

export const metricRoutes = new Hono<AppEnv>();

interface MetricsQuery {
  labels: string[];
  startMs: number;
  endMs: number;
  /** Whether the answer is a list (`label_list` was given). */
  list: boolean;
}

/** Reads label/label_list and the time range: DIS.4203 for bad times, DIS.4204 past 7 days, DIS.4209 for unknown labels. */
function metricsQuery(c: Context<AppEnv>, known: Record<string, LabelRule>): MetricsQuery {
  const q = validateWithCodes(metricsQuerySchema, queryOf(c), { start_time: "DIS.4203", end_time: "DIS.4203" });
  const startMs = Number(q.start_time) * 1000;
  const endMs = Number(q.end_time) * 1000;
  if (endMs < startMs) throw disError("DIS.4203", "end_time is before start_time (both epoch seconds).");
  if (endMs - startMs > MAX_RANGE_MS) throw disError("DIS.4204", "start_time and end_time are epoch seconds, at most 604800 apart.");
  const list = q.label_list !== undefined && q.label_list !== "";
  const labels = list ? q.label_list!.split(",").map((l) => l.trim()) : q.label ? [q.label] : [];
  if (labels.length === 0) throw disError("DIS.4200", "label or label_list is required.");
  const unknown = labels.find((l) => !Object.hasOwn(known, l));
  if (unknown !== undefined) throw disError("DIS.4209", unknown);
  return { labels, startMs, endMs, list };
}

function answer(c: Context<AppEnv>, query: MetricsQuery, known: Record<string, LabelRule>, rows: MinuteRow[]) {
  const buckets = bucketize(rows, query.startMs, query.endMs);
  const metrics = query.labels.map((label) => ({ label, dataPoints: dataPoints(known[label]!, buckets) }));
  return c.json(query.list ? { metrics_list: metrics } : { metrics: metrics[0] });
}

function pathStream(c: Context<AppEnv>): Promise<StreamRow> {
  return requireStream(openDb(c.env.DB), c.get("caller").projectId, c.req.param("stream_name") ?? "");
}

/** Sums minute rows of several partitions. */
function merge(perPartition: MinuteRow[][]): MinuteRow[] {
  const byMinute = new Map<number, MinuteRow>();
  for (const rows of perPartition) {
    for (const row of rows) {
      const sum = byMinute.get(row.minute) ?? { minute: row.minute, ...emptyCounters() };
      addCounters(sum, row);
      byMinute.set(row.minute, sum);
    }
  }
  return [...byMinute.values()];
}

metricRoutes.get("/:stream_name/metrics", authorize("dis:metrics:get"), async (c) => {
  const query = metricsQuery(c, STREAM_LABELS);
  const stream = await pathStream(c);
  const { slots } = await partitionCounts(openDb(c.env.DB), stream.id);
  const [from, to] = [minuteOf(query.startMs), minuteOf(query.endMs)];
  const rows = await Promise.all(Array.from({ length: slots }, (_, i) => partitionStub(c.env, stream.id, i).metrics(from, to)));
  return answer(c, query, STREAM_LABELS, merge(rows));
});

metricRoutes.get("/:stream_name/partitions/:partition_id/metrics", authorize("dis:metrics:get"), async (c) => {
  const query = metricsQuery(c, PARTITION_LABELS);
  const stream = await pathStream(c);
  const text = c.req.param("partition_id");
  const index = parsePartitionId(text);
  if (index === null) throw disError("DIS.4201", text);
  const { slots } = await partitionCounts(openDb(c.env.DB), stream.id);
  if (index >= slots) throw disError("DIS.4302", partitionId(index));
  const rows = await partitionStub(c.env, stream.id, index).metrics(minuteOf(query.startMs), minuteOf(query.endMs));
  return answer(c, query, PARTITION_LABELS, rows);
});
