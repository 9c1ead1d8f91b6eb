import { describe, expect, it } from "vitest";
import { encodeChunk } from "../../src/partition/chunk-codec";
import { buildSegment, decodeBlock, type SealedChunk } from "../../src/partition/segment-codec";

/** Chunks of `perChunk` records each, from sequence 0, chunk c written at time 1000 + c. */
function chunks(count: number, perChunk: number, size: number): SealedChunk[] {
  return Array.from({ length: count }, (_, c) => {
    const records = Array.from({ length: perChunk }, (_, i) => ({
      data: new Uint8Array(size).fill((c * perChunk + i) % 251),
      ...(i % 2 === 0 ? { partitionKey: `device-${c}-${i}` } : {}),
    }));
    return { first: c * perChunk, last: c * perChunk + perChunk - 1, timestamp: 1000 + c, bytes: perChunk * size, blob: encodeChunk(records) };
  });
}

describe("segments", () => {
  it("pack chunks into blocks of about the block size, each decoding to its records with their sequence numbers and timestamps", () => {
    const input = chunks(40, 10, 100); // about 1 KiB a chunk
    const segment = buildSegment(input, 4096);
    expect(segment.blocks.length).toBeGreaterThan(5);
    expect(segment.first).toBe(0);
    expect(segment.last).toBe(399);
    expect(segment.lastTimestamp).toBe(1039);
    let expected = 0;
    let offset = 0;
    for (const block of segment.blocks) {
      expect(block.offset).toBe(offset);
      offset += block.length;
      const records = decodeBlock(segment.body.subarray(block.offset, block.offset + block.length), block.first);
      expect(records[0]!.sequence).toBe(block.first);
      expect(records.at(-1)!.sequence).toBe(block.last);
      expect(records[0]!.timestamp).toBe(block.firstTimestamp);
      expect(records.at(-1)!.timestamp).toBe(block.lastTimestamp);
      expect(block.bytes).toBe(records.reduce((sum, r) => sum + r.data.length, 0));
      for (const r of records) {
        expect(r.sequence).toBe(expected);
        expect(r.timestamp).toBe(1000 + Math.floor(expected / 10));
        expect(r.data).toEqual(new Uint8Array(100).fill(expected % 251));
        expect(r.partitionKey).toBe(expected % 2 === 0 ? `device-${Math.floor(expected / 10)}-${expected % 10}` : undefined);
        expected++;
      }
    }
    expect(offset).toBe(segment.body.length);
    expect(expected).toBe(400);
  });

  it("put a chunk larger than a block in a block of its own", () => {
    const [big] = chunks(1, 3, 5000);
    const small = chunks(2, 1, 10).map((c, i) => ({ ...c, first: 3 + i, last: 3 + i }));
    const segment = buildSegment([big!, ...small], 4096);
    expect(segment.blocks.map((b) => [b.first, b.last])).toEqual([
      [0, 2],
      [3, 4],
    ]);
  });

  it("refuse a damaged block", () => {
    const segment = buildSegment(chunks(3, 5, 50));
    const block = segment.blocks[0]!;
    const damaged = segment.body.slice(block.offset, block.offset + block.length);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    expect(() => decodeBlock(damaged, block.first)).toThrow();
    expect(() => decodeBlock(segment.body.subarray(0, block.length - 3), block.first)).toThrow();
  });
});
