/**
 * Request latency as the worker sees it (from arrival to answer), kept per partition until the
 * worker's next call to that partition carries it along: no extra call, no extra write.
 */
import { minuteOf, type LatencyReport } from "./counters";

const pending = new Map<string, Map<string, LatencyReport>>();

export function partitionKey(streamId: string, index: number): string {
  return `${streamId}/${index}`;
}

function merge(partition: string, add: LatencyReport): void {
  let reports = pending.get(partition);
  if (!reports) {
    if (pending.size >= 10_000) pending.clear();
    reports = new Map();
    pending.set(partition, reports);
  }
  const key = `${add.minute}:${add.kind}`;
  const report = reports.get(key) ?? { minute: add.minute, kind: add.kind, count: 0, totalMs: 0, requests: 0 };
  report.count += add.count;
  report.totalMs += add.totalMs;
  report.requests += add.requests;
  reports.set(key, report);
}

/** Notes one finished request of `ms` milliseconds against a partition, and whether the partition is still to count it. */
export function noteLatency(partition: string, kind: "put" | "get", at: number, ms: number, uncounted = false): void {
  merge(partition, { minute: minuteOf(at), kind, count: 1, totalMs: Math.max(0, Math.round(ms)), requests: uncounted ? 1 : 0 });
}

/** Notes `count` finished requests taking `totalMs` together (a batch of MQTT publishes), counted by the partition already. */
export function noteLatencies(partition: string, kind: "put" | "get", at: number, count: number, totalMs: number): void {
  merge(partition, { minute: minuteOf(at), kind, count, totalMs: Math.max(0, Math.round(totalMs)), requests: 0 });
}

/** The reports waiting for a partition, handed over once. */
export function takeLatency(partition: string): LatencyReport[] {
  const reports = pending.get(partition);
  if (!reports) return [];
  pending.delete(partition);
  return [...reports.values()];
}

/** Puts back reports a partition did not take (it refused the call), to go with the next one. */
export function restoreLatency(partition: string, reports: readonly LatencyReport[]): void {
  for (const report of reports) merge(partition, report);
}
