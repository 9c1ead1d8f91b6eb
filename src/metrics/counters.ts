/** What a partition counts per minute for the metrics API (reference §5.6). */

export interface MetricCounters {
  putBytes: number;
  putRecords: number;
  /** Put requests with at least one record appended (counted by the request's first partition). */
  putRequests: number;
  putLatencyMs: number;
  putLatencyCount: number;
  getBytes: number;
  getRecords: number;
  getRequests: number;
  getLatencyMs: number;
  getLatencyCount: number;
  /** Appends with at least one record refused by traffic control. */
  throttledPuts: number;
  /** Reads refused by traffic control. */
  throttledGets: number;
}

export const COUNTER_NAMES = [
  "putBytes",
  "putRecords",
  "putRequests",
  "putLatencyMs",
  "putLatencyCount",
  "getBytes",
  "getRecords",
  "getRequests",
  "getLatencyMs",
  "getLatencyCount",
  "throttledPuts",
  "throttledGets",
] as const satisfies readonly (keyof MetricCounters)[];

export function emptyCounters(): MetricCounters {
  return Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as unknown as MetricCounters;
}

export function addCounters(into: MetricCounters, from: Partial<MetricCounters>): void {
  for (const name of COUNTER_NAMES) into[name] += from[name] ?? 0;
}

export const MINUTE_MS = 60_000;

export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS);
}

/** Latency of finished requests, measured by the worker and handed to the partition on its next call. */
export interface LatencyReport {
  minute: number;
  kind: "put" | "get";
  count: number;
  totalMs: number;
  /** Successful requests to count here that no partition counted when they were served. */
  requests: number;
}
