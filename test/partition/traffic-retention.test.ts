import { describe, expect, it } from "vitest";
import { nextExpiry, oldestKept } from "../../src/partition/retention";
import { BURST_SECONDS, LIMITS, PartitionTraffic, TokenBucket } from "../../src/partition/traffic";

describe("token bucket", () => {
  it("allows a burst, refuses past it, and refills with time", () => {
    const bucket = new TokenBucket(100, 0);
    expect(bucket.take(100 * BURST_SECONDS, 0)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
    expect(bucket.take(50, 500)).toBe(true);
    expect(bucket.take(1, 500)).toBe(false);
    expect(bucket.take(100 * BURST_SECONDS, 60_000)).toBe(true);
  });

  it("reads may run into debt, then wait", () => {
    const traffic = new PartitionTraffic(LIMITS.COMMON, 0);
    expect(traffic.canRead(0)).toBe(true);
    traffic.recordRead(10 * LIMITS.COMMON.readBytesPerSecond, 0);
    expect(traffic.canRead(1000)).toBe(false);
    expect(traffic.canRead(10_001)).toBe(true);
  });

  it("COMMON admits 1,000 records a second after the burst, not more", () => {
    const traffic = new PartitionTraffic(LIMITS.COMMON, 0);
    let admitted = 0;
    for (let i = 0; i < 5000; i++) if (traffic.admitWrite(10, 0)) admitted++;
    expect(admitted).toBe(1000 * BURST_SECONDS);
    admitted = 0;
    for (let i = 0; i < 5000; i++) if (traffic.admitWrite(10, 1000)) admitted++;
    expect(admitted).toBe(1000);
  });

  it("a refused record takes nothing from either bucket", () => {
    const traffic = new PartitionTraffic(LIMITS.COMMON, 0);
    expect(traffic.admitWrite(3 * 1024 * 1024, 0)).toBe(false);
    let admitted = 0;
    for (let i = 0; i < 3000; i++) if (traffic.admitWrite(1, 0)) admitted++;
    expect(admitted).toBe(2000);
  });
});

describe("retention planning", () => {
  const chunks = [
    { firstSequence: 0, lastTimestamp: 100 },
    { firstSequence: 5, lastTimestamp: 200 },
    { firstSequence: 9, lastTimestamp: 300 },
  ];
  it.each([
    [50, 0],
    [100, 0],
    [101, 5],
    [300, 9],
    [301, undefined],
  ])("cutoff %i keeps from sequence %s", (cutoff, first) => {
    expect(oldestKept(chunks, cutoff)?.firstSequence).toBe(first);
  });

  it("plans the next check at the oldest kept chunk's expiry", () => {
    expect(nextExpiry(chunks[1], 1000)).toBe(1200);
    expect(nextExpiry(undefined, 1000)).toBeNull();
  });
});
