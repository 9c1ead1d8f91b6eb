/**
 * Turning per-minute counters into the data points of the metrics API: buckets of 1 minute for
 * ranges up to 6 hours, 5 minutes up to a day, an hour beyond; every bucket present, empty ones 0.
 */
import { addCounters, emptyCounters, MINUTE_MS, type MetricCounters } from "./counters";
import type { LabelRule } from "./labels";

export const MAX_RANGE_MS = 7 * 24 * 3600_000;

export function bucketMinutes(rangeMs: number): number {
  if (rangeMs <= 6 * 3600_000) return 1;
  if (rangeMs <= 24 * 3600_000) return 5;
  return 60;
}

export interface MinuteRow extends MetricCounters {
  minute: number;
}

export interface DataPoint {
  timestamp: number;
  value: number;
}

/** Buckets aligned to their size, covering [startMs, endMs], each with the counters summed within. */
export function bucketize(rows: readonly MinuteRow[], startMs: number, endMs: number): { timestamp: number; counters: MetricCounters }[] {
  const size = bucketMinutes(endMs - startMs);
  const first = Math.floor(startMs / MINUTE_MS / size) * size;
  const last = Math.floor(endMs / MINUTE_MS / size) * size;
  const buckets = new Map<number, MetricCounters>();
  for (let b = first; b <= last; b += size) buckets.set(b, emptyCounters());
  for (const row of rows) {
    const b = Math.floor(row.minute / size) * size;
    const counters = buckets.get(b);
    if (counters) addCounters(counters, row);
  }
  return [...buckets].map(([b, counters]) => ({ timestamp: b * MINUTE_MS, counters }));
}

export function valueOf(rule: LabelRule, c: MetricCounters): number {
  if (rule.kind === "sum") return c[rule.counter];
  const count = c[rule.count];
  return count === 0 ? 0 : Math.round(c[rule.total] / count);
}

export function dataPoints(rule: LabelRule, buckets: ReturnType<typeof bucketize>): DataPoint[] {
  return buckets.map((b) => ({ timestamp: b.timestamp, value: valueOf(rule, b.counters) }));
}
