import { env, evictAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeChunk } from "../../src/partition/chunk-codec";
import type { AppendBatch, AppendEntry, StreamBinding } from "../../src/partition/log-contract";
import { partitionStub } from "../../src/partition/stubs";

const DAY = 24 * 3600_000;
const binding: StreamBinding = { streamType: "COMMON", retentionMs: DAY, routingEpoch: 0 };
let n = 0;
const freshLog = () => partitionStub(env, `log-test-${Date.now()}-${++n}`, 0);
const data = (text: string) => new TextEncoder().encode(text);
const batch = (records: { data: Uint8Array; partitionKey?: string }[]): AppendBatch => ({
  chunk: encodeChunk(records),
  sizes: records.map((r) => r.data.length),
  requests: 1,
});
const sequences = (entries: AppendEntry[]) => entries.map((e) => ("sequence" in e ? e.sequence : e.error));

afterEach(() => {
  vi.useRealTimers();
});

describe("partition log", () => {
  it("numbers concurrent appends without gaps, reuse or interleaving", async () => {
    const log = freshLog();
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 25 }, (_, i) => ({ data: data(`${b}:${i}`) })));
    const results = await Promise.all(batches.map((records) => log.append(binding, batch(records))));
    const all: number[] = [];
    for (const result of results) {
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const seqs = sequences(result.value.entries) as number[];
      // consecutive within one append
      expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => seqs[0]! + i));
      all.push(...seqs);
    }
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));

    const read = await log.read(0, 10 * 1024 * 1024, 10_000);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    // each batch's records sit together and in order
    const texts = read.value.records.map((r) => new TextDecoder().decode(r.data));
    for (let i = 0; i < 500; i += 25) {
      const [batch] = texts[i]!.split(":");
      expect(texts.slice(i, i + 25)).toEqual(Array.from({ length: 25 }, (_, k) => `${batch}:${k}`));
    }
  });

  it("a 500-record append writes one chunk row, at most 3 rows in all", async () => {
    const log = freshLog();
    for (const settings of [binding, { streamType: "ADVANCED" as const, retentionMs: 2 * DAY, routingEpoch: 0 }, binding]) {
      const result = await log.append(settings, batch(Array.from({ length: 500 }, () => ({ data: new Uint8Array(1024) }))));
      expect(result.ok && result.value.rowsWritten).toBeLessThanOrEqual(3);
    }
    const steady = await log.append(binding, batch(Array.from({ length: 500 }, () => ({ data: new Uint8Array(1024) }))));
    expect(steady.ok && steady.value.rowsWritten).toBe(1);
    const chunks = await runInDurableObject(log, (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chunks").one().n);
    expect(chunks).toBe(4);
  });

  it("survives eviction: nothing lost, nothing duplicated, numbering continues", async () => {
    const log = freshLog();
    await log.append(binding, batch([{ data: data("a") }, { data: data("b") }]));
    await evictAllDurableObjects();
    expect(await log.sequenceRange()).toEqual({ earliest: 0, latest: 2 });
    const more = await log.append(binding, batch([{ data: data("c") }]));
    expect(more.ok && sequences(more.value.entries)).toEqual([2]);
    await evictAllDurableObjects();
    const read = await log.read(0, 1024, 100);
    expect(read.ok && read.value.records.map((r) => [r.sequence, new TextDecoder().decode(r.data)])).toEqual([
      [0, "a"],
      [1, "b"],
      [2, "c"],
    ]);
  });

  it("splits an append larger than a chunk may hold", async () => {
    const log = freshLog();
    const big = Array.from({ length: 4 }, (_, i) => ({ data: new Uint8Array(1024 * 1024).fill(i) }));
    const result = await log.append({ streamType: "ADVANCED", retentionMs: DAY, routingEpoch: 0 }, batch(big));
    expect(result.ok && sequences(result.value.entries)).toEqual([0, 1, 2, 3]);
    const chunks = await runInDurableObject(log, (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chunks").one().n);
    expect(chunks).toBe(4);
    const read = await log.read(1, 10 * 1024 * 1024, 10);
    expect(read.ok && read.value.records.map((r) => [r.sequence, r.data[0], r.data.length])).toEqual([
      [1, 1, 1048576],
      [2, 2, 1048576],
      [3, 3, 1048576],
    ]);
  });

  it("the retention alarm drops expired chunks and moves the earliest offset", async () => {
    const log = freshLog();
    await log.append(binding, batch([{ data: data("old1") }, { data: data("old2") }]));
    const scheduled = await runInDurableObject(log, (_i, state) => state.storage.getAlarm());
    expect(scheduled).not.toBeNull();

    // A day later the first chunk has expired; a newer one was written meanwhile.
    vi.useFakeTimers({ now: Date.now() + DAY - 60_000, toFake: ["Date"] });
    await log.append(binding, batch([{ data: data("new") }]));
    vi.setSystemTime(Date.now() + 120_000);
    expect(await runDurableObjectAlarm(log)).toBe(true);

    expect(await log.sequenceRange()).toEqual({ earliest: 2, latest: 3 });
    expect(await log.read(0, 1024, 10)).toEqual({ ok: false, code: "DIS.4226", detail: "" });
    const trim = await log.position("TRIM_HORIZON");
    expect(trim).toEqual({ ok: true, value: 2 });
    expect(await log.position("AT_SEQUENCE_NUMBER", 1)).toMatchObject({ ok: false, code: "DIS.4224" });
    const read = await log.read(2, 1024, 10);
    expect(read.ok && read.value.records.map((r) => new TextDecoder().decode(r.data))).toEqual(["new"]);

    // Once the reads' metrics are written, the next alarm moves the remaining chunk to a segment when it has
    // left the hot window (an hour, and a minute to gather more), then waits for it to expire, then empties the log.
    vi.setSystemTime(Date.now() + 10_000);
    await runDurableObjectAlarm(log);
    const move = (await runInDurableObject(log, (_i, state) => state.storage.getAlarm()))!;
    expect(move).toBeLessThanOrEqual(Date.now() + 3600_000 + 60_000);
    vi.setSystemTime(move);
    await runDurableObjectAlarm(log);
    expect(await runInDurableObject(log, (_i, state) => state.storage.sql.exec("SELECT count(*) AS n FROM chunks").one().n)).toBe(0);
    const next = await runInDurableObject(log, (_i, state) => state.storage.getAlarm());
    expect(next).toBeGreaterThan(Date.now() + DAY - 2 * 3600_000);
    const moved = await log.read(2, 1024, 10);
    expect(moved.ok && moved.value.records.map((r) => new TextDecoder().decode(r.data))).toEqual(["new"]);
    vi.setSystemTime(Date.now() + DAY);
    expect(await runDurableObjectAlarm(log)).toBe(true);
    expect(await log.sequenceRange()).toEqual({ earliest: 3, latest: 3 });
    await evictAllDurableObjects();
    expect(await log.sequenceRange()).toEqual({ earliest: 3, latest: 3 });
    const after = await log.append(binding, batch([{ data: data("later") }]));
    expect(after.ok && sequences(after.value.entries)).toEqual([3]);
  });

  it("a shorter retention set on a quiet log takes effect at once", async () => {
    const log = freshLog();
    await log.append(binding, batch([{ data: data("x") }]));
    // Let the metrics flush first, so the only alarm left is the retention one.
    vi.useFakeTimers({ now: Date.now() + 10_000, toFake: ["Date"] });
    await runDurableObjectAlarm(log);
    // The alarm left is the chunk's move out of the hot window, an hour on.
    const before = await runInDurableObject(log, (_i, state) => state.storage.getAlarm());
    expect(before).toBeGreaterThan(Date.now() + 3600_000 - 60_000);
    await log.setRetention(600_000);
    const after = await runInDurableObject(log, (_i, state) => state.storage.getAlarm());
    expect(after).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(after).toBeGreaterThan(Date.now() + 600_000 - 60_000);
  });

  it("writes metrics at most every 5 seconds, and its alarm drops them after 7 days", async () => {
    const log = freshLog();
    // Ten seconds into the next minute, so the six seconds below stay within one minute.
    const start = (Math.floor(Date.now() / 60_000) + 1) * 60_000 + 10_000;
    vi.useFakeTimers({ now: start, toFake: ["Date"] });
    const rows: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await log.append(binding, batch([{ data: data("m") }]));
      rows.push(result.ok ? result.value.rowsWritten : -1);
    }
    expect(rows).toEqual([1, 1, 1, 1, 1]);
    // Latency reports of an earlier minute do not make the buffer due either.
    const withLatency = await log.append(binding, batch([{ data: data("m") }]), [
      { minute: Math.floor(start / 60_000) - 1, kind: "put", count: 2, totalMs: 30, requests: 1 },
    ]);
    expect(withLatency.ok && withLatency.value.rowsWritten).toBe(1);
    vi.setSystemTime(start + 6_000);
    const flushing = await log.append(binding, batch([{ data: data("m") }]));
    expect(flushing.ok && flushing.value.rowsWritten).toBeGreaterThanOrEqual(2);
    expect(flushing.ok && flushing.value.rowsWritten).toBeLessThanOrEqual(3);

    const minute = Math.floor(start / 60_000);
    const counted = await log.metrics(minute - 1, minute + 1);
    expect(counted.reduce((s, r) => s + r.putRecords, 0)).toBe(7);
    expect(counted.reduce((s, r) => s + r.putLatencyCount, 0)).toBe(2);
    // Six appends counted their requests, and the report counted one more that no partition had.
    expect(counted.reduce((s, r) => s + r.putRequests, 0)).toBe(8);

    // Eight days on (the stream keeps records a day), alarms drop the records and the old metrics.
    for (const later of [DAY + 60_000, 8 * DAY + 120_000]) {
      vi.setSystemTime(start + later);
      await runDurableObjectAlarm(log);
    }
    expect(await log.metrics(minute - 1, minute + 1)).toEqual([]);
    const alarm = await runInDurableObject(log, (_i, state) => state.storage.getAlarm());
    expect(alarm).toBeNull();
  });

  it("refuses checkpoints of an app it was told is deleted", async () => {
    const log = freshLog();
    await log.append(binding, batch([{ data: data("x") }]));
    expect(await log.commitCheckpoint("app-1", "LAST_READ", 0, "")).toEqual({ ok: true, value: null });
    await log.forgetApp("app-1");
    expect(await log.checkpoint("app-1", "LAST_READ")).toEqual({ ok: true, value: null });
    expect(await log.commitCheckpoint("app-1", "LAST_READ", 0, "")).toMatchObject({ ok: false, code: "DIS.4332" });
    expect(await log.commitCheckpoint("app-2", "LAST_READ", 0, "")).toEqual({ ok: true, value: null });
  });

  it("timestamps never go back, across a restart on a clock that is behind", async () => {
    const log = freshLog();
    await log.append(binding, batch([{ data: data("first") }]));
    const first = await log.read(0, 1024, 10);
    await evictAllDurableObjects();
    vi.useFakeTimers({ now: Date.now() - 60_000, toFake: ["Date"] });
    await log.append(binding, batch([{ data: data("second") }]));
    const both = await log.read(0, 1024, 10);
    const [t0, t1] = both.ok ? both.value.records.map((r) => r.timestamp) : [];
    expect(first.ok && first.value.records[0]!.timestamp).toBe(t0);
    expect(t1).toBeGreaterThanOrEqual(t0!);
  });

  it("an erased log refuses appends, reads and cursors", async () => {
    const log = freshLog();
    await log.append(binding, batch([{ data: data("x") }]));
    await log.erase();
    await evictAllDurableObjects();
    expect(await log.append(binding, batch([{ data: data("y") }]))).toMatchObject({ ok: false, code: "DIS.4301" });
    expect(await log.read(0, 10, 10)).toMatchObject({ ok: false, code: "DIS.4301" });
    expect(await log.position("LATEST")).toMatchObject({ ok: false, code: "DIS.4301" });
    expect(await log.isErased()).toBe(true);
  });
});

describe("group commit in the partition log", () => {
  const one = (text: string) => batch([{ data: data(text) }]);

  it("concurrent single-record appends share chunk rows, each still numbered in arrival order", async () => {
    const log = freshLog();
    await log.append(binding, one("warm"));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(binding, one(`r${i}`))));
    const seqs = results.map((r) => (r.ok ? (sequences(r.value.entries) as number[])[0] : -1));
    expect([...seqs].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const rows = results.reduce((sum, r) => sum + (r.ok ? r.value.rowsWritten : 0), 0);
    const chunks = await runInDurableObject(log, (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM chunks").one().n);
    // Rows reported add up to what was written, and fewer chunks than appends were written.
    expect(rows).toBe(chunks - 1);
    expect(chunks).toBeLessThan(51);
    const read = await log.read(1, 1024 * 1024, 100);
    const texts = read.ok ? read.value.records.map((r) => [r.sequence, new TextDecoder().decode(r.data)]) : [];
    // Each append's record carries the sequence number it was answered with.
    expect(texts).toEqual(seqs.map((s, i) => [s, `r${i}`]).sort((a, b) => (a[0] as number) - (b[0] as number)));
  });

  it("appends of several records stay consecutive and in order inside a group", async () => {
    const log = freshLog();
    const puts = Array.from({ length: 10 }, (_, p) => Array.from({ length: 5 }, (_, i) => ({ data: data(`${p}.${i}`) })));
    const results = await Promise.all(puts.map((records) => log.append(binding, batch(records))));
    for (const [p, result] of results.entries()) {
      const seqs = result.ok ? (sequences(result.value.entries) as number[]) : [];
      expect(seqs).toEqual(Array.from({ length: 5 }, (_, i) => seqs[0]! + i));
      const read = await log.read(seqs[0]!, 1024, 5);
      expect(read.ok && read.value.records.map((r) => new TextDecoder().decode(r.data))).toEqual(puts[p]!.map((r) => new TextDecoder().decode(r.data)));
    }
  });

  it("a group whose write fails fails each of its appends, stores none of them, and the log goes on without a gap", async () => {
    const log = freshLog();
    await log.append(binding, one("before"));
    await runInDurableObject(log, (instance) => {
      const store = (instance as unknown as { store: { insert: (...args: unknown[]) => number } }).store;
      const insert = store.insert.bind(store);
      let failures = 1;
      store.insert = (...args: unknown[]) => {
        if (failures-- > 0) throw new Error("SQLITE_FULL");
        return insert(...args);
      };
    });
    const settled = await Promise.allSettled([log.append(binding, one("lost"))]);
    expect(settled[0]!.status).toBe("rejected");
    const after = await log.append(binding, one("after"));
    expect(after.ok && sequences(after.value.entries)).toEqual([1]);
    const read = await log.read(0, 1024, 10);
    expect(read.ok && read.value.records.map((r) => new TextDecoder().decode(r.data))).toEqual(["before", "after"]);
  });

  it("an eviction in the middle of a group loses no answered record and leaves no gap", async () => {
    const log = freshLog();
    await log.append(binding, one("first"));
    const pending = Array.from({ length: 20 }, (_, i) => log.append(binding, one(`p${i}`)));
    await evictAllDurableObjects();
    const settled = await Promise.allSettled(pending);
    const answered = settled.flatMap((s, i) => (s.status === "fulfilled" && s.value.ok ? [[(sequences(s.value.value.entries) as number[])[0]!, `p${i}`] as const] : []));
    const read = await log.read(0, 1024 * 1024, 100);
    const stored = read.ok ? read.value.records.map((r) => [r.sequence, new TextDecoder().decode(r.data)] as const) : [];
    // Gapless from 0, and every answered record is there under its number.
    expect(stored.map(([s]) => s)).toEqual(stored.map((_, i) => i));
    for (const [sequence, text] of answered) expect(stored).toContainEqual([sequence, text]);
    const next = await log.append(binding, one("next"));
    expect(next.ok && sequences(next.value.entries)).toEqual([stored.length]);
  });

  it("an append waiting in a group whose routing changed meanwhile is refused as stale, not stored", async () => {
    const log = freshLog();
    const [first, second] = await runInDurableObject(log, async (instance) => {
      // The first append is written at once; the second waits for it to be durable...
      const a = instance.append(binding, one("written"));
      const b = instance.append(binding, one("waiting"));
      // ...while a scaling makes this partition read-only in a newer routing.
      instance.applyRouting(1, false);
      return Promise.all([a, b]);
    });
    expect(first).toEqual({ ok: true, value: { entries: [{ sequence: 0 }], rowsWritten: expect.any(Number) } });
    expect(second).toEqual({ ok: true, value: { staleRouting: true, entries: [], rowsWritten: 0 } });
    const read = await log.read(0, 1024, 10);
    expect(read.ok && read.value.records.map((r) => new TextDecoder().decode(r.data))).toEqual(["written"]);
    expect(await log.sequenceRange()).toEqual({ earliest: 0, latest: 1 });
  });

  it("an append waiting in a group whose stream is erased meanwhile is refused, not stored", async () => {
    const log = freshLog();
    await log.append(binding, one("a"));
    const [first, second] = [log.append(binding, one("b")), log.append(binding, one("c"))];
    await log.erase();
    const results = await Promise.all([first, second]);
    expect(results.every((r) => r.ok || r.code === "DIS.4301")).toBe(true);
    expect(await log.isErased()).toBe(true);
  });
});
