import { describe, expect, it } from "vitest";
import { decodeChunk, encodeChunk, encodedSize, type ChunkRecord } from "../../src/partition/chunk-codec";

const bytes = (...values: number[]) => new Uint8Array(values);

describe("chunk codec", () => {
  it.each<[string, ChunkRecord[]]>([
    ["one record", [{ data: bytes(1, 2, 3), timestamp: 1700000000123 }]],
    ["a partition key", [{ data: bytes(), partitionKey: "键-key", timestamp: 1 }]],
    ["an empty key", [{ data: bytes(0), partitionKey: "", timestamp: 2 }]],
    [
      "mixed records",
      [
        { data: bytes(255, 0, 128), partitionKey: "a", timestamp: 10 },
        { data: new Uint8Array(70_000).fill(7), timestamp: 11 },
        { data: bytes(9), partitionKey: "b".repeat(300), timestamp: 12 },
      ],
    ],
  ])("round-trips %s byte for byte", (_label, records) => {
    const blob = encodeChunk(records);
    expect(blob.length).toBe(5 + records.reduce((s, r) => s + encodedSize(r), 0));
    const decoded = decodeChunk(blob);
    expect(decoded.map((r) => ({ ...r, data: [...r.data] }))).toEqual(records.map((r) => ({ ...r, data: [...r.data] })));
  });

  it("decodes from an index within the chunk", () => {
    const records = [0, 1, 2, 3].map((i) => ({ data: bytes(i), timestamp: i }));
    expect(decodeChunk(encodeChunk(records), 2).map((r) => r.data[0])).toEqual([2, 3]);
  });

  it("refuses an unknown version", () => {
    const blob = encodeChunk([{ data: bytes(1), timestamp: 1 }]);
    blob[0] = 9;
    expect(() => decodeChunk(blob)).toThrow(/version/);
  });
});
