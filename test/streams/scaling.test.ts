import { describe, expect, it } from "vitest";
import { hashRangeOf, MAX_HASH } from "../../src/streams/partitions";
import { planScale, scalingRefusal, type PartitionState } from "../../src/streams/scaling";

function fresh(count: number): PartitionState[] {
  return Array.from({ length: count }, (_, index) => ({ index, status: "ACTIVE", ...hashRangeOf(index, count) }));
}

function apply(before: PartitionState[], target: number): PartitionState[] {
  const plan = planScale(before, target);
  const after = before.map((p) => (plan.deleted.includes(p.index) ? { ...p, status: "DELETED" } : p));
  for (const a of plan.active) {
    const existing = after.find((p) => p.index === a.index);
    if (existing) Object.assign(existing, { low: a.low, high: a.high });
    else after.push({ index: a.index, status: "ACTIVE", low: a.low, high: a.high });
  }
  return after;
}

function expectTiling(partitions: PartitionState[]) {
  const active = partitions.filter((p) => p.status === "ACTIVE").sort((a, b) => (a.low < b.low ? -1 : 1));
  let next = 0n;
  for (const p of active) {
    expect(p.low).toBe(next);
    next = p.high + 1n;
  }
  expect(next - 1n).toBe(MAX_HASH);
}

describe("planScale", () => {
  it("scales out by adding partitions with fresh indexes and parents", () => {
    const plan = planScale(fresh(2), 4);
    expect(plan.deleted).toEqual([]);
    expect(plan.active.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(plan.active[2]!.parents).toBe("shardId-0000000001");
    expect(plan.active[0]!.parents).toBeUndefined();
  });

  it("scales in by turning the highest ACTIVE partitions DELETED", () => {
    const plan = planScale(fresh(5), 3);
    expect(plan.deleted).toEqual([3, 4]);
    expect(plan.active.map((p) => p.index)).toEqual([0, 1, 2]);
  });

  it("out, in, out again: indexes never reused, ranges always tile", () => {
    let partitions = fresh(3);
    for (const target of [5, 2, 4, 1, 6]) {
      partitions = apply(partitions, target);
      expectTiling(partitions);
      expect(partitions.filter((p) => p.status === "ACTIVE")).toHaveLength(target);
    }
    const indexes = partitions.map((p) => p.index);
    expect(new Set(indexes).size).toBe(indexes.length);
    expect(partitions.filter((p) => p.status === "ACTIVE").map((p) => p.index)).toEqual([0, 7, 8, 9, 10, 11]);
  });
});

describe("scalingRefusal", () => {
  const now = 10 * 3600_000;
  it.each([
    [[], null],
    [[{ createTimestamp: now - 3_700_000, resultCode: 0 }], null],
    [[{ createTimestamp: now - 60_000, resultCode: 0 }], "changed within the last hour"],
    [Array.from({ length: 4 }, () => ({ createTimestamp: now - 60_000, resultCode: 4308 })), null],
    [Array.from({ length: 5 }, () => ({ createTimestamp: now - 60_000, resultCode: 4308 })), "At most 5"],
  ])("history %j", (history, expected) => {
    const refusal = scalingRefusal(history, now);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });
});
