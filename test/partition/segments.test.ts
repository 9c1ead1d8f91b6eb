/**
 * Partition logs beyond their hot window: sealed chunks move to segments in the SEGMENTS bucket
 * (tests run with a 4 MiB hot window and the default hour) and everything reads on as before.
 */
import { env, evictAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeChunk } from "../../src/partition/chunk-codec";
import type { AppendBatch, StreamBinding } from "../../src/partition/log-contract";
import { partitionStub } from "../../src/partition/stubs";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const binding: StreamBinding = { streamType: "COMMON", retentionMs: DAY, routingEpoch: 0 };
let n = 0;
const freshLog = () => partitionStub(env, `segments-test-${Date.now()}-${++n}`, 0);
const batch = (records: { data: Uint8Array; partitionKey?: string }[]): AppendBatch => ({
  chunk: encodeChunk(records),
  sizes: records.map((r) => r.data.length),
  requests: 1,
});
/** Record i of a test: varied sizes, bytes and keys. */
const recordOf = (i: number) => ({
  data: Uint8Array.from({ length: 50 + ((i * 37) % 900) }, (_, k) => (i * 31 + k * 7) % 256),
  ...(i % 3 === 0 ? { partitionKey: `device-${i}` } : {}),
});
type Log = ReturnType<typeof freshLog>;

async function sql<T>(log: Log, query: string): Promise<T[]> {
  return runInDurableObject(log, (_i, state) => state.storage.sql.exec(query).toArray() as T[]);
}
/** Fakes the clock from now on (the test moves it); returns the start. */
function fakeClock(): number {
  const start = Date.now();
  vi.useFakeTimers({ now: start, toFake: ["Date"] });
  return start;
}
async function hotChunks(log: Log): Promise<number> {
  return (await sql<{ n: number }>(log, "SELECT count(*) AS n FROM chunks"))[0]!.n;
}
async function segmentKeys(log: Log): Promise<string[]> {
  const prefix = await runInDurableObject(log, (_i, state) => `partitions/${state.id.toString()}/`);
  return (await env.SEGMENTS.list({ prefix })).objects.map((o) => o.key);
}
/** Appends `puts` puts of `per` records each at the current (fake) time; returns the next record index. */
async function fill(log: Log, from: number, puts: number, per: number): Promise<number> {
  let i = from;
  for (let p = 0; p < puts; p++) {
    const records = Array.from({ length: per }, () => recordOf(i++));
    const result = await log.append(binding, batch(records));
    expect(result.ok && result.value.entries.every((e) => "sequence" in e)).toBe(true);
  }
  return i;
}
async function readAll(log: Log, from: number, format: "records" | "json") {
  const result = await log.read(from, 16 * 1024 * 1024, 10_000, format);
  if (!result.ok) throw new Error(result.code);
  return result.value;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("segments", () => {
  it("chunks older than the hot window move to a segment and read back byte for byte, across the boundary, as records and as JSON", async () => {
    const start = fakeClock();
    const log = freshLog();
    const sealedCount = await fill(log, 0, 30, 10);
    vi.setSystemTime(start + 2 * HOUR);
    const total = await fill(log, sealedCount, 5, 10);
    const before = { records: await readAll(log, 0, "records"), json: await readAll(log, 0, "json") };
    expect(before.records.count).toBe(total);

    expect(await runDurableObjectAlarm(log)).toBe(true);
    const hot = await sql<{ first: number }>(log, "SELECT min(first_sequence) AS first FROM chunks");
    expect(hot[0]!.first).toBe(sealedCount);
    expect(await segmentKeys(log)).toHaveLength(1);
    const [segment] = await sql<{ first_sequence: number; last_sequence: number; sealed: number }>(log, "SELECT * FROM segments");
    expect(segment).toMatchObject({ first_sequence: 0, last_sequence: sealedCount - 1, sealed: 1 });

    const after = { records: await readAll(log, 0, "records"), json: await readAll(log, 0, "json") };
    expect(after.records.records).toEqual(before.records.records);
    expect(after.records.next).toBe(total);
    expect(new TextDecoder().decode(after.json.json)).toBe(new TextDecoder().decode(before.json.json));
    // A read starting inside the segment that ends inside the hot chunks.
    const across = await log.read(sealedCount - 3, 16 * 1024 * 1024, 6, "records");
    expect(across.ok && across.value.records.map((r) => r.sequence)).toEqual([...Array(6).keys()].map((k) => sealedCount - 3 + k));
    expect(across.ok && across.value.records).toEqual(before.records.records.slice(sealedCount - 3, sealedCount + 3));

    // Transfer exports read the same way; and all of it survives a restart.
    const exported = await log.exportRecords(0, 16 * 1024 * 1024, 10_000);
    expect(exported.ok && exported.value.records).toEqual(before.records.records);
    await evictAllDurableObjects();
    expect((await readAll(log, 0, "records")).records).toEqual(before.records.records);
  });

  it("a log whose every record has moved to segments goes on numbering and timing after a restart, with no repeat", async () => {
    const start = fakeClock();
    const log = freshLog();
    await fill(log, 0, 3, 10);
    vi.setSystemTime(start + 2 * HOUR);
    await runDurableObjectAlarm(log);
    expect((await hotChunks(log))).toBe(0);
    await evictAllDurableObjects();
    expect(await log.sequenceRange()).toEqual({ earliest: 0, latest: 30 });
    // On a clock that went back meanwhile, the next record is still numbered and timed after the moved ones.
    vi.setSystemTime(start - HOUR);
    const next = await log.append(binding, batch([recordOf(30)]));
    expect(next.ok && next.value.entries).toEqual([{ sequence: 30 }]);
    const records = (await readAll(log, 0, "records")).records;
    expect(records.map((r) => r.sequence)).toEqual([...Array(31).keys()]);
    expect(records[30]!.timestamp).toBeGreaterThanOrEqual(records[29]!.timestamp);
  });

  it("every cursor type resolves within a segment as it did within the hot chunks", async () => {
    const start = fakeClock();
    const log = freshLog();
    await fill(log, 0, 4, 5); // 0–19 at start
    vi.setSystemTime(start + 60_000);
    await fill(log, 20, 4, 5); // 20–39 a minute later
    vi.setSystemTime(start + 3 * HOUR);
    await fill(log, 40, 1, 5); // 40–44 hot
    const cursors = [
      ["TRIM_HORIZON"],
      ["AT_SEQUENCE_NUMBER", 7],
      ["AFTER_SEQUENCE_NUMBER", 7],
      ["AT_SEQUENCE_NUMBER", 39],
      ["AFTER_SEQUENCE_NUMBER", 39],
      ["AT_TIMESTAMP", undefined, start + 30_000],
      ["AT_TIMESTAMP", undefined, start + 60_000],
      ["AT_TIMESTAMP", undefined, start + 2 * HOUR],
      ["LATEST"],
      ["AT_SEQUENCE_NUMBER", 45],
      ["AT_SEQUENCE_NUMBER", 46],
    ] as const;
    const resolve = () => Promise.all(cursors.map(([type, sequence, timestamp]) => log.position(type, sequence, timestamp)));
    const hotAnswers = await resolve();
    expect(hotAnswers.map((a) => (a.ok ? a.value : a.code))).toEqual([0, 7, 8, 39, 40, 20, 20, 40, 45, 45, "DIS.4224"]);

    await runDurableObjectAlarm(log);
    expect(await segmentKeys(log)).toHaveLength(1);
    expect((await hotChunks(log))).toBe(1);
    expect(await resolve()).toEqual(hotAnswers);
    // And reading at a cursor in the segment gives the record it names.
    const at = await log.read(7, 1024 * 1024, 1, "records");
    expect(at.ok && at.value.records[0]).toMatchObject({ sequence: 7, data: recordOf(7).data });
  });

  it("a move interrupted between the segment's write and the chunks' drop loses nothing, and the next run finishes it", async () => {
    const start = fakeClock();
    const log = freshLog();
    const sealedCount = await fill(log, 0, 10, 10);
    vi.setSystemTime(start + 2 * HOUR);
    const total = await fill(log, sealedCount, 1, 10);
    const before = await readAll(log, 0, "records");

    // The object is written; then the object "crashes" before the transaction that indexes it and drops the chunks.
    const crashed = await runInDurableObject(log, async (instance, state) => {
      const transactionSync = state.storage.transactionSync.bind(state.storage);
      let crash = true;
      state.storage.transactionSync = ((fn: () => unknown) => {
        if (crash) {
          crash = false;
          throw new Error("the object was reset");
        }
        return transactionSync(fn);
      }) as typeof state.storage.transactionSync;
      try {
        await instance.alarm();
        return false;
      } catch {
        return true;
      } finally {
        state.storage.transactionSync = transactionSync;
      }
    });
    expect(crashed).toBe(true);
    await evictAllDurableObjects();
    expect(await segmentKeys(log)).toHaveLength(1); // written, not yet indexed
    expect((await sql<{ sealed: number }>(log, "SELECT sealed FROM segments")).map((r) => r.sealed)).toEqual([0]);
    expect((await hotChunks(log))).toBe(11);
    expect((await readAll(log, 0, "records")).records).toEqual(before.records);

    // The next run deletes the unindexed object and moves the chunks again.
    await runDurableObjectAlarm(log);
    const keys = await segmentKeys(log);
    expect(keys).toHaveLength(1);
    expect((await sql<{ key: string; sealed: number }>(log, "SELECT key, sealed FROM segments"))).toEqual([{ key: keys[0], sealed: 1 }]);
    expect((await hotChunks(log))).toBe(1);
    const after = await readAll(log, 0, "records");
    expect(after.records).toEqual(before.records);
    expect(after.next).toBe(total);
  });

  it("a move R2 refuses leaves the chunks hot, readable, and tried again later", async () => {
    const start = fakeClock();
    const log = freshLog();
    await fill(log, 0, 5, 10);
    vi.setSystemTime(start + 2 * HOUR);
    const before = await readAll(log, 0, "records");
    const put = vi.spyOn(env.SEGMENTS, "put").mockRejectedValueOnce(new Error("R2 unavailable"));
    await runDurableObjectAlarm(log);
    put.mockRestore();
    expect((await hotChunks(log))).toBe(5);
    expect((await readAll(log, 0, "records")).records).toEqual(before.records);
    // No new try within the next ten seconds...
    vi.setSystemTime(Date.now() + 5_000);
    await runDurableObjectAlarm(log);
    expect((await hotChunks(log))).toBe(5);
    // ...then the alarm comes back for it.
    const retry = (await runInDurableObject(log, (_i, state) => state.storage.getAlarm()))!;
    expect(retry).toBeGreaterThan(Date.now());
    expect(retry).toBeLessThanOrEqual(Date.now() + 10_000);
    vi.setSystemTime(retry);
    await runDurableObjectAlarm(log);
    expect((await hotChunks(log))).toBe(0);
    expect(await segmentKeys(log)).toHaveLength(1);
    expect((await readAll(log, 0, "records")).records).toEqual(before.records);
  });

  it("while moves keep failing, a log at twice its hot window refuses records per record with DIS.5000, loses none it took, and counts the refusals", async () => {
    const start = fakeClock();
    const log = freshLog();
    const put = vi.spyOn(env.SEGMENTS, "put").mockRejectedValue(new Error("R2 unavailable"));
    try {
      const big = Array.from({ length: 2 }, (_, i) => ({ data: new Uint8Array(512 * 1024).fill(i + 1) }));
      const verdicts: string[] = [];
      for (let p = 0; p < 20; p++) {
        vi.setSystemTime(start + p * 1000); // within the partition's rated rate
        const result = await log.append(binding, batch(big));
        expect(result.ok).toBe(true);
        if (result.ok) verdicts.push(...result.value.entries.map((e) => ("sequence" in e ? "stored" : e.error)));
        await runDurableObjectAlarm(log); // the move due by bytes fails each time
      }
      const stored = verdicts.filter((v) => v === "stored").length;
      expect(stored).toBe(16); // 8 MiB: twice the 4 MiB window
      expect(verdicts.slice(stored).every((v) => v === "DIS.5000")).toBe(true);
      expect((await readAll(log, 0, "records")).count).toBe(stored);
      vi.setSystemTime(start + 25_000);
      await runDurableObjectAlarm(log);
      const minutes = await log.metrics(Math.floor(start / 60_000), Math.floor(start / 60_000) + 1);
      expect(minutes.reduce((sum, m) => sum + m.putRecords, 0)).toBe(stored);
      expect(minutes.reduce((sum, m) => sum + m.throttledPuts, 0)).toBe(12); // the refused puts
    } finally {
      put.mockRestore();
    }
    // Once R2 takes the moves again, the log takes records again.
    vi.setSystemTime(Date.now() + 20_000);
    await runDurableObjectAlarm(log);
    const after = await log.append(binding, batch([{ data: new Uint8Array(10) }]));
    expect(after.ok && after.value.entries.every((e) => "sequence" in e)).toBe(true);
  });

  it("retention deletes whole segments past it, and the earliest record moves to what is left", async () => {
    const start = fakeClock();
    const log = freshLog();
    await fill(log, 0, 3, 10); // 0–29, the first segment
    vi.setSystemTime(start + 2 * HOUR);
    await runDurableObjectAlarm(log);
    await fill(log, 30, 3, 10); // 30–59, the second
    vi.setSystemTime(start + 4 * HOUR);
    await runDurableObjectAlarm(log);
    await fill(log, 60, 1, 10); // 60–69 hot
    const [oldest, second] = await segmentKeys(log).then((keys) => keys.sort((a, b) => Number(a.split("/")[2]!.split("-")[0]) - Number(b.split("/")[2]!.split("-")[0])));
    expect(second).toBeDefined();

    // A day and an hour on, the first segment's records are past retention; the hot chunk moves meanwhile.
    vi.setSystemTime(start + DAY + HOUR);
    await runDurableObjectAlarm(log);
    const keys = await segmentKeys(log);
    expect(keys).not.toContain(oldest);
    expect(keys).toContain(second);
    expect(await env.SEGMENTS.head(oldest!)).toBeNull();
    expect(await log.sequenceRange()).toEqual({ earliest: 30, latest: 70 });
    expect(await log.position("TRIM_HORIZON")).toEqual({ ok: true, value: 30 });
    expect(await log.read(0, 1024, 10)).toMatchObject({ ok: false, code: "DIS.4226" });
    const kept = await readAll(log, 30, "records");
    expect(kept.records.map((r) => r.sequence)).toEqual([...Array(40).keys()].map((k) => 30 + k));
  });

  it("erasing the log deletes every segment", async () => {
    const start = fakeClock();
    const log = freshLog();
    for (let h = 0; h < 3; h++) {
      vi.setSystemTime(start + h * 2 * HOUR);
      await fill(log, h * 20, 2, 10);
      vi.setSystemTime(start + h * 2 * HOUR + 2 * HOUR - 1);
      await runDurableObjectAlarm(log);
    }
    expect((await segmentKeys(log)).length).toBeGreaterThanOrEqual(2);
    await log.erase();
    expect(await segmentKeys(log)).toEqual([]);
    expect(await log.isErased()).toBe(true);
  });

  it("fed at a COMMON partition's rated rate (1 MB/s) for five minutes of controlled time, the log's SQLite stays within the same bound", async () => {
    const start = fakeClock();
    const log = freshLog();
    const perSecond = [{ data: new Uint8Array(1_000_000).fill(7) }];
    let largest = 0;
    for (let second = 0; second < 300; second++) {
      vi.setSystemTime(start + second * 1000);
      const result = await log.append(binding, batch(perSecond));
      expect(result.ok && result.value.entries.every((e) => "sequence" in e)).toBe(true);
      const alarm = await runInDurableObject(log, (_i, state) => state.storage.getAlarm());
      if (alarm !== null && alarm <= Date.now()) await runDurableObjectAlarm(log);
      if (second % 10 === 0) largest = Math.max(largest, await runInDurableObject(log, (_i, state) => state.storage.sql.databaseSize));
    }
    expect(largest).toBeLessThan(2 * 4 * 1024 * 1024 + 1024 * 1024);
    expect(await log.sequenceRange()).toEqual({ earliest: 0, latest: 300 });
    const last = await log.read(299, 2 * 1024 * 1024, 1, "records");
    expect(last.ok && last.value.records[0]!.data).toEqual(perSecond[0]!.data);
  }, 180_000);

  it("fed hours of data under controlled time, the log's SQLite stays within twice the hot window's bytes plus its index", async () => {
    // Three hours at 10 KiB/s in one-minute puts: 105 MiB through a 4 MiB window, the alarm running as it comes due.
    const start = fakeClock();
    const log = freshLog();
    const perMinute = Array.from({ length: 2 }, (_, i) => ({ data: new Uint8Array(300 * 1024).fill(i) }));
    let largest = 0;
    let written = 0;
    for (let minute = 0; minute < 180; minute++) {
      vi.setSystemTime(start + minute * 60_000);
      const result = await log.append(binding, batch(perMinute));
      expect(result.ok && result.value.entries.every((e) => "sequence" in e)).toBe(true);
      written += perMinute.length;
      const alarm = await runInDurableObject(log, (_i, state) => state.storage.getAlarm());
      if (alarm !== null && alarm <= Date.now()) await runDurableObjectAlarm(log);
      largest = Math.max(largest, await runInDurableObject(log, (_i, state) => state.storage.sql.databaseSize));
    }
    const WINDOW = 4 * 1024 * 1024;
    expect(largest).toBeLessThan(2 * WINDOW + 1024 * 1024);
    expect((await segmentKeys(log)).length).toBeGreaterThan(10);
    const range = await log.sequenceRange();
    expect(range).toEqual({ earliest: 0, latest: written });
    const first = await log.read(0, 1024 * 1024, 1, "records");
    expect(first.ok && first.value.records[0]!.data).toEqual(new Uint8Array(300 * 1024).fill(0));
  }, 120_000);
});
