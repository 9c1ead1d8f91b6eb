import { describe, expect, it } from "vitest";
import { concatChunks, decodeChunk, encodeChunk, packChunks, splitForChunks, type ChunkRecord } from "../../src/partition/chunk-codec";

const bytes = (...values: number[]) => new Uint8Array(values);
const plain = (records: ChunkRecord[]) => records.map((r) => ({ ...r, data: [...r.data] }));

describe("chunk codec", () => {
  it.each<[string, ChunkRecord[]]>([
    ["one record", [{ data: bytes(1, 2, 3) }]],
    ["a partition key", [{ data: bytes(), partitionKey: "键-key" }]],
    ["an empty key", [{ data: bytes(0), partitionKey: "" }]],
    [
      "mixed records",
      [
        { data: bytes(255, 0, 128), partitionKey: "a" },
        { data: new Uint8Array(70_000).fill(7) },
        { data: bytes(9), partitionKey: "b".repeat(300) },
      ],
    ],
  ])("round-trips %s byte for byte", (_label, records) => {
    const blob = encodeChunk(records);
    const keyBytes = records.reduce((s, r) => s + (r.partitionKey === undefined ? 0 : new TextEncoder().encode(r.partitionKey).length), 0);
    expect(blob.length).toBe(4 + records.reduce((s, r) => s + 6 + r.data.length, 0) + keyBytes);
    expect(new DataView(blob.buffer).getUint32(0, true)).toBe(records.length);
    expect(plain(decodeChunk(blob))).toEqual(plain(records));
  });

  it("decodes from an index within the chunk", () => {
    const records = [0, 1, 2, 3].map((i) => ({ data: bytes(i) }));
    expect(decodeChunk(encodeChunk(records), 2).map((r) => r.data[0])).toEqual([2, 3]);
  });

  it("refuses a truncated chunk", () => {
    const blob = encodeChunk([{ data: bytes(1, 2, 3) }]);
    expect(() => decodeChunk(blob.subarray(0, blob.length - 1))).toThrow();
  });

  it("splits records so each chunk stays within the limit", () => {
    const records = Array.from({ length: 5 }, (_, i) => ({ data: new Uint8Array(400).fill(i) }));
    const groups = splitForChunks(records, 1000);
    expect(groups.map((g) => g.length)).toEqual([2, 2, 1]);
    for (const g of groups) expect(encodeChunk(g).length).toBeLessThanOrEqual(1000);
    expect(splitForChunks([{ data: new Uint8Array(5000) }], 1000).map((g) => g.length)).toEqual([1]);
  });
});

describe("joining chunks", () => {
  it("concatChunks holds the records of each chunk, in order, under one count", () => {
    const a = encodeChunk([{ data: new Uint8Array([1]) }, { data: new Uint8Array([2]), partitionKey: "k" }]);
    const b = encodeChunk([{ data: new Uint8Array([3, 4]) }]);
    expect(decodeChunk(concatChunks([a, b]))).toEqual([
      { data: new Uint8Array([1]) },
      { data: new Uint8Array([2]), partitionKey: "k" },
      { data: new Uint8Array([3, 4]) },
    ]);
  });

  it("packChunks groups chunks in order within the size, one alone past it", () => {
    const item = (n: number) => ({ chunk: encodeChunk([{ data: new Uint8Array(n) }]) });
    const groups = packChunks([item(10), item(10), item(100), item(10)], 4 + 2 * 18);
    expect(groups.map((g) => g.map((i) => i.chunk.length - 4))).toEqual([[16, 16], [106], [16]]);
  });
});
