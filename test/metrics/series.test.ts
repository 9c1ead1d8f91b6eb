import { describe, expect, it } from "vitest";
import { emptyCounters, MINUTE_MS } from "../../src/metrics/counters";
import { STREAM_LABELS } from "../../src/metrics/labels";
import { bucketize, bucketMinutes, dataPoints, type MinuteRow } from "../../src/metrics/series";

const HOUR = 3600_000;
const row = (minute: number, counts: Partial<MinuteRow>): MinuteRow => ({ ...emptyCounters(), minute, ...counts });

describe("bucket sizes", () => {
  it.each([
    [HOUR, 1],
    [6 * HOUR, 1],
    [6 * HOUR + 1000, 5],
    [24 * HOUR, 5],
    [24 * HOUR + 1000, 60],
    [7 * 24 * HOUR, 60],
  ])("a range of %i ms uses %i-minute buckets", (range, minutes) => expect(bucketMinutes(range)).toBe(minutes));
});

describe("bucketize", () => {
  it("covers the range with every bucket, empty ones zero", () => {
    const start = 1_700_000_000_000 - (1_700_000_000_000 % MINUTE_MS);
    const rows = [row(start / MINUTE_MS + 1, { putRecords: 5 }), row(start / MINUTE_MS + 3, { putRecords: 2 })];
    const buckets = bucketize(rows, start, start + 4 * MINUTE_MS);
    expect(dataPoints(STREAM_LABELS.total_put_records_per_stream!, buckets)).toEqual([0, 5, 0, 2, 0].map((value, i) => ({ timestamp: start + i * MINUTE_MS, value })));
  });

  it("sums minutes into 5-minute buckets aligned to 5 minutes", () => {
    const start = 1_700_000_100_000 - (1_700_000_100_000 % (5 * MINUTE_MS));
    const m = start / MINUTE_MS;
    const rows = [row(m, { putBytes: 1 }), row(m + 4, { putBytes: 2 }), row(m + 5, { putBytes: 4 })];
    const buckets = bucketize(rows, start, start + 7 * HOUR);
    expect(buckets[0]).toMatchObject({ timestamp: start });
    expect(buckets[0]!.counters.putBytes).toBe(3);
    expect(buckets[1]!.counters.putBytes).toBe(4);
    expect(buckets.length).toBe(7 * 12 + 1);
  });

  it("averages latency over the requests that reported it", () => {
    const rows = [row(100, { putLatencyMs: 30, putLatencyCount: 3, putRequests: 5 }), row(101, { putLatencyMs: 10, putLatencyCount: 1 })];
    const points = dataPoints(STREAM_LABELS.total_put_req_latency!, bucketize(rows, 100 * MINUTE_MS, 102 * MINUTE_MS));
    expect(points.map((p) => p.value)).toEqual([10, 10, 0]);
  });
});
