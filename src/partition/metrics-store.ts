/**
 * A partition's per-minute metric counters: buffered in memory, written to the `metrics` table at
 * most every FLUSH_INTERVAL_MS (in a transaction the partition was writing anyway, or from its
 * alarm), and kept 7 days.
 */
import { addCounters, COUNTER_NAMES, emptyCounters, minuteOf, type LatencyReport, type MetricCounters } from "../metrics/counters";
import type { MinuteRow } from "../metrics/series";

export const FLUSH_INTERVAL_MS = 5_000;
export const METRICS_RETENTION_MS = 7 * 24 * 3600_000;

const COLUMNS: Record<keyof MetricCounters, string> = {
  putBytes: "put_bytes",
  putRecords: "put_records",
  putRequests: "put_requests",
  putLatencyMs: "put_latency_ms",
  putLatencyCount: "put_latency_count",
  getBytes: "get_bytes",
  getRecords: "get_records",
  getRequests: "get_requests",
  getLatencyMs: "get_latency_ms",
  getLatencyCount: "get_latency_count",
  throttledPuts: "throttled_puts",
  throttledGets: "throttled_gets",
};

export class MetricsStore {
  private readonly pending = new Map<number, MetricCounters>();
  /** When the oldest unwritten count was taken, or null when nothing waits. */
  private dirtySince: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** Adds counts to the minute of `at`; `now` starts the flush clock. */
  count(at: number, counts: Partial<MetricCounters>, now = at): void {
    const minute = minuteOf(at);
    let counters = this.pending.get(minute);
    if (!counters) {
      counters = emptyCounters();
      this.pending.set(minute, counters);
    }
    addCounters(counters, counts);
    this.dirtySince ??= now;
  }

  /** Adds the worker's latency reports (and any requests they still count) to the minutes they were taken in. */
  addLatency(reports: readonly LatencyReport[], now: number): void {
    for (const r of reports) {
      const counts =
        r.kind === "put"
          ? { putLatencyMs: r.totalMs, putLatencyCount: r.count, putRequests: r.requests }
          : { getLatencyMs: r.totalMs, getLatencyCount: r.count, getRequests: r.requests };
      this.count(r.minute * 60_000, counts, now);
    }
  }

  /** When the buffer must be written at the latest, or null when it is empty. */
  flushDue(): number | null {
    return this.dirtySince === null ? null : this.dirtySince + FLUSH_INTERVAL_MS;
  }

  /** Writes the buffer if it is due (or `force`); returns the rows written. */
  flush(now: number, force = false): number {
    const due = this.flushDue();
    if (due === null || (!force && now < due)) return 0;
    let rows = 0;
    const columns = COUNTER_NAMES.map((n) => COLUMNS[n]);
    const sql =
      `INSERT INTO metrics (minute, ${columns.join(", ")}) VALUES (?, ${columns.map(() => "?").join(", ")}) ` +
      `ON CONFLICT (minute) DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`;
    for (const [minute, counters] of this.pending) {
      rows += this.sql.exec(sql, minute, ...COUNTER_NAMES.map((n) => counters[n])).rowsWritten;
    }
    this.pending.clear();
    this.dirtySince = null;
    return rows;
  }

  /** Counters of the minutes in [fromMinute, toMinute], written and pending alike. */
  range(fromMinute: number, toMinute: number): MinuteRow[] {
    const rows = new Map<number, MinuteRow>();
    const stored = this.sql.exec<Record<string, number>>("SELECT * FROM metrics WHERE minute BETWEEN ? AND ?", fromMinute, toMinute);
    for (const row of stored) {
      const counters = emptyCounters();
      for (const n of COUNTER_NAMES) counters[n] = row[COLUMNS[n]] ?? 0;
      rows.set(row.minute!, { minute: row.minute!, ...counters });
    }
    for (const [minute, counters] of this.pending) {
      if (minute < fromMinute || minute > toMinute) continue;
      const row = rows.get(minute) ?? { minute, ...emptyCounters() };
      addCounters(row, counters);
      rows.set(minute, row);
    }
    return [...rows.values()].sort((a, b) => a.minute - b.minute);
  }

  /** Drops minutes older than METRICS_RETENTION_MS; returns when the oldest one left expires (null when none). */
  expire(now: number): number | null {
    this.sql.exec("DELETE FROM metrics WHERE minute < ?", minuteOf(now - METRICS_RETENTION_MS));
    return this.oldestExpiry();
  }

  /** When the oldest stored minute expires (null when none is stored). */
  oldestExpiry(): number | null {
    const oldest = this.sql.exec<{ m: number | null }>("SELECT min(minute) AS m FROM metrics").one().m;
    return oldest === null ? null : (oldest + 1) * 60_000 + METRICS_RETENTION_MS;
  }
}
