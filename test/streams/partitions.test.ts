import { describe, expect, it } from "vitest";
import { formatHashRange, hashRangeOf, MAX_HASH, parsePartitionId, partitionId } from "../../src/streams/partitions";

describe("partition ids", () => {
  it.each([
    [0, "shardId-0000000000"],
    [7, "shardId-0000000007"],
    [123, "shardId-0000000123"],
  ])("%i is %s", (index, id) => {
    expect(partitionId(index)).toBe(id);
    expect(parsePartitionId(id)).toBe(index);
    expect(parsePartitionId(String(index))).toBe(index);
  });

  it.each(["", "shardId-", "shard-0000000001", "-1", "1.5", "shardId-00000000001", "abc"])("rejects %j", (text) => {
    expect(parsePartitionId(text)).toBeNull();
  });
});

describe("hash ranges", () => {
  it.each([1, 2, 3, 7, 50, 100])("%i partitions tile [0 : 2^63-1] without gap or overlap", (count) => {
    let next = 0n;
    for (let i = 0; i < count; i++) {
      const range = hashRangeOf(i, count);
      expect(range.low).toBe(next);
      expect(range.high >= range.low).toBe(true);
      next = range.high + 1n;
    }
    expect(next - 1n).toBe(MAX_HASH);
  });

  it("one partition covers everything", () => {
    expect(formatHashRange(hashRangeOf(0, 1))).toBe("[0 : 9223372036854775807]");
  });

  it("three partitions split evenly", () => {
    expect([0, 1, 2].map((i) => formatHashRange(hashRangeOf(i, 3)))).toEqual([
      "[0 : 3074457345618258602]",
      "[3074457345618258603 : 6148914691236517204]",
      "[6148914691236517205 : 9223372036854775807]",
    ]);
  });
});
