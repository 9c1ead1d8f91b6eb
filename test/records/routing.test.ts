import { describe, expect, it } from "vitest";
import { hashPartitionKey, parseHashKey, partitionForHash, routeBatch } from "../../src/records/routing";
import { hashRangeOf, MAX_HASH } from "../../src/streams/partitions";

const three = [0, 1, 2].map((index) => ({ index, ...hashRangeOf(index, 3) }));

describe("partition key hash", () => {
  it.each([
    // first 8 bytes of MD5, big-endian, >> 1
    ["abc", BigInt("0x900150983cd24fb0") >> 1n],
    ["", BigInt("0xd41d8cd98f00b204") >> 1n],
    ["中文", hashPartitionKey("中文")],
  ])("%j hashes stably into [0, 2^63-1]", (key, expected) => {
    const hash = hashPartitionKey(key);
    expect(hash).toBe(expected);
    expect(hash >= 0n && hash <= MAX_HASH).toBe(true);
  });
});

describe("explicit hash keys", () => {
  it.each([
    ["0", 0n],
    ["9223372036854775807", MAX_HASH],
    ["42", 42n],
  ])("%s parses", (text, value) => expect(parseHashKey(text)).toBe(value));
  it.each(["-1", "9223372036854775808", "1e3", "", "abc", "12345678901234567890"])("%j is refused", (text) => expect(parseHashKey(text)).toBeNull());
});

describe("routing", () => {
  it.each([
    [0n, 0],
    [3074457345618258602n, 0],
    [3074457345618258603n, 1],
    [6148914691236517205n, 2],
    [MAX_HASH, 2],
  ])("hash %s goes to partition %i", (hash, index) => {
    expect(partitionForHash(three, hash).index).toBe(index);
  });

  it("partition_id beats explicit_hash_key beats partition_key", () => {
    const routed = routeBatch(
      [
        { partitionIndex: 2, explicitHash: 0n, partitionKey: "abc" },
        { explicitHash: MAX_HASH, partitionKey: "abc" },
        { partitionKey: "abc" },
      ],
      three,
    );
    expect(routed[0]).toBe(2);
    expect(routed[1]).toBe(2);
    expect(routed[2]).toBe(partitionForHash(three, hashPartitionKey("abc")).index);
  });

  it("records without routing information spread evenly", () => {
    const routed = routeBatch(Array.from({ length: 300 }, () => ({})), three, () => 0.5);
    const counts = [0, 1, 2].map((i) => routed.filter((r) => r === i).length);
    expect(counts).toEqual([100, 100, 100]);
    expect(routed.slice(0, 3)).toEqual([1, 2, 0]);
  });
});
