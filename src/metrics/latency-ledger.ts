/**
 * Request latency as the worker sees it (from arrival to answer), kept per partition until the
 * worker's next call to that partition carries it along: no extra call, no extra write.
 */
import { minuteOf, type LatencyReport } from "./counters";

const pending = new Map<string, Map<string, LatencyReport>>();

export function partitionKey(streamId: string, index: number): string {
  return `${streamId}/${index}`;
}

/** Notes one finished request of `ms` milliseconds against a partition. */
export function noteLatency(partition: string, kind: "put" | "get", at: number, ms: number): void {
  const minute = minuteOf(at);
  let reports = pending.get(partition);
  if (!reports) {
    if (pending.size >= 10_000) pending.clear();
    reports = new Map();
    pending.set(partition, reports);
  }
  const key = `${minute}:${kind}`;
  const report = reports.get(key) ?? { minute, kind, count: 0, totalMs: 0 };
  report.count += 1;
  report.totalMs += Math.max(0, Math.round(ms));
  reports.set(key, report);
}

/** The reports waiting for a partition, handed over once. */
export function takeLatency(partition: string): LatencyReport[] {
  const reports = pending.get(partition);
  if (!reports) return [];
  pending.delete(partition);
  return [...reports.values()];
}
