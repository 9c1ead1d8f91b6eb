import { env, runDurableObjectAlarm } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeChunk } from "../../src/partition/chunk-codec";
import { partitionStub } from "../../src/partition/stubs";
import { BATCH_LIMITS, readBatch, type BatchLimits, type ExportPage } from "../../src/transfers/batches";

afterEach(() => vi.useRealTimers());

const DAY = 86_400_000;

/** A fresh partition log holding records of the given sizes, one append each. */
async function logWith(sizes: number[]) {
  const log = partitionStub(env, `batches-${crypto.randomUUID()}`, 0);
  for (const size of sizes) {
    const data = new Uint8Array(size).fill(size % 256);
    const appended = await log.append({ streamType: "ADVANCED", retentionMs: DAY, routingEpoch: 0 }, { chunk: encodeChunk([{ data }]), sizes: [size], requests: 1 });
    expect(appended.ok).toBe(true);
  }
  const read: ExportPage = (from, maxBytes, maxRecords) => log.exportRecords(from, maxBytes, maxRecords);
  return { log, read };
}

const limits = (l: Partial<BatchLimits>): BatchLimits => ({ ...BATCH_LIMITS, pageBytes: 1000, pageRecords: 1000, objectBytes: 1000, objectRecords: 1000, ...l });
const sequences = (b: { records: { sequence: number }[] }) => b.records.map((r) => r.sequence);

describe("delivery batches", () => {
  it("gather several pages up to the object's record limit, never past it", async () => {
    const { read } = await logWith(Array(10).fill(10));
    const first = await readBatch(read, 0, null, limits({ pageRecords: 3, objectRecords: 7 }));
    expect(sequences(first)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(first).toMatchObject({ next: 7, end: 10, expired: 0 });
    const second = await readBatch(read, first.next, first.end, limits({ pageRecords: 3, objectRecords: 7 }));
    expect(sequences(second)).toEqual([7, 8, 9]);
    expect(second.next).toBe(10);
  });

  it("stay within the object's byte limit across pages; a record larger than the limit comes alone", async () => {
    const { read } = await logWith([30, 30, 30, 50, 200, 10]);
    const b1 = await readBatch(read, 0, null, limits({ pageBytes: 40, objectBytes: 100 }));
    expect(sequences(b1)).toEqual([0, 1, 2]);
    const b2 = await readBatch(read, b1.next, b1.end, limits({ pageBytes: 40, objectBytes: 100 }));
    expect(sequences(b2)).toEqual([3]);
    const b3 = await readBatch(read, b2.next, b2.end, limits({ pageBytes: 40, objectBytes: 100 }));
    expect(sequences(b3)).toEqual([4]);
    const b4 = await readBatch(read, b3.next, b3.end, limits({ pageBytes: 40, objectBytes: 100 }));
    expect(sequences(b4)).toEqual([5]);
    expect(b4.next).toBe(6);
  });

  it("stop at the end they were given, even when the log has grown", async () => {
    const { log, read } = await logWith([1, 1, 1]);
    const first = await readBatch(read, 0, null, limits({ objectRecords: 2 }));
    expect(first.end).toBe(3);
    await log.append({ streamType: "ADVANCED", retentionMs: DAY, routingEpoch: 0 }, { chunk: encodeChunk([{ data: new Uint8Array(1) }]), sizes: [1], requests: 1 });
    const second = await readBatch(read, first.next, first.end, limits({ objectRecords: 2 }));
    expect(sequences(second)).toEqual([2]);
    expect(second.next).toBe(3);
    expect(sequences(await readBatch(read, 3, 3, limits({})))).toEqual([]);
  });

  it("count the records that expired before they were read", async () => {
    const { log, read } = await logWith([5, 5]);
    vi.useFakeTimers({ now: Date.now() + DAY + 60_000, toFake: ["Date"] });
    expect(await runDurableObjectAlarm(log)).toBe(true);
    await log.append({ streamType: "ADVANCED", retentionMs: DAY, routingEpoch: 0 }, { chunk: encodeChunk([{ data: new Uint8Array(3) }]), sizes: [3], requests: 1 });
    const batch = await readBatch(read, 0, null, limits({}));
    expect(sequences(batch)).toEqual([2]);
    expect(batch).toMatchObject({ expired: 2, next: 3 });
  });

  it("fail with the partition's error", async () => {
    const { log, read } = await logWith([1]);
    await log.erase();
    await expect(readBatch(read, 0, null, limits({}))).rejects.toThrow("DIS.4301");
  });
});
