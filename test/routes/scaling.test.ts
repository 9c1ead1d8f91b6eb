import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeChunk } from "../../src/partition/chunk-codec";
import { partitionStub } from "../../src/partition/stubs";
import { openDb } from "../../src/db/client";
import { findStream } from "../../src/streams/repository";
import { pushRouting } from "../../src/streams/scale";
import { applyScale } from "../../src/streams/scale-repository";
import { planScale } from "../../src/streams/scaling";
import { call, errorCodeOf, PROJECT, expectError } from "../helpers/http";
import { b64, cursor, get, newStream, put, utf8 } from "../helpers/records";

afterEach(() => {
  vi.useRealTimers();
});


const scale = (stream: string, target: number, name = stream) =>
  call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: name, target_partition_count: target } });
const describeStream = async (stream: string) => (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json;

function expectTiling(partitions: { status: string; hash_range: string }[]) {
  const ranges = partitions
    .filter((p) => p.status === "ACTIVE")
    .map((p) => p.hash_range.slice(1, -1).split(" : ").map(BigInt) as [bigint, bigint])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let next = 0n;
  for (const [lo, hi] of ranges) {
    expect(lo).toBe(next);
    next = hi + 1n;
  }
  expect(next).toBe(2n ** 63n);
}

/** Lets the hourly limit pass, as if an hour and a minute went by. */
function laterBy(ms: number) {
  vi.useFakeTimers({ now: Date.now() + ms, toFake: ["Date"] });
}

describe("change partition count", () => {
  it("out, in, out again: tiling, statuses, counts, history and parents", async () => {
    const stream = await newStream(2);
    expect((await scale(stream, 4)).status).toBe(200);
    let d = await describeStream(stream);
    expect(d.partitions.map((p: { partition_id: string; status: string }) => `${p.partition_id}:${p.status}`)).toEqual([
      "shardId-0000000000:ACTIVE",
      "shardId-0000000001:ACTIVE",
      "shardId-0000000002:ACTIVE",
      "shardId-0000000003:ACTIVE",
    ]);
    expect(d.partitions[2].parent_partitions).toBe("shardId-0000000001");
    expectTiling(d.partitions);
    expect(d).toMatchObject({ writable_partition_count: 4, readable_partition_count: 4 });

    laterBy(3_660_000);
    expect((await scale(stream, 1)).status).toBe(200);
    d = await describeStream(stream);
    expect(d.partitions.map((p: { status: string }) => p.status)).toEqual(["ACTIVE", "DELETED", "DELETED", "DELETED"]);
    expect(d.partitions[0].hash_range).toBe("[0 : 9223372036854775807]");
    expect(d).toMatchObject({ writable_partition_count: 1, readable_partition_count: 4 });

    laterBy(2 * 3_660_000);
    expect((await scale(stream, 3)).status).toBe(200);
    d = await describeStream(stream);
    expect(d.partitions.map((p: { partition_id: string; status: string }) => `${p.partition_id}:${p.status}`)).toEqual([
      "shardId-0000000000:ACTIVE",
      "shardId-0000000001:DELETED",
      "shardId-0000000002:DELETED",
      "shardId-0000000003:DELETED",
      "shardId-0000000004:ACTIVE",
      "shardId-0000000005:ACTIVE",
    ]);
    expectTiling(d.partitions);
    expect(d.update_partition_counts).toEqual([
      { create_timestamp: expect.any(Number), src_partition_count: 2, target_partition_count: 4, result_code: 0, result_msg: "0", auto_scale: false },
      { create_timestamp: expect.any(Number), src_partition_count: 4, target_partition_count: 1, result_code: 0, result_msg: "0", auto_scale: false },
      { create_timestamp: expect.any(Number), src_partition_count: 1, target_partition_count: 3, result_code: 0, result_msg: "0", auto_scale: false },
    ]);
  });

  it("after a scale, puts land by the new ranges; DELETED partitions refuse writes and stay readable, then expire", async () => {
    const stream = await newStream(2);
    await put(stream, [{ data: b64("before"), partition_id: "1" }]);
    expect((await scale(stream, 1)).status).toBe(200);

    // Keyed records now all land in partition 0: the only ACTIVE one covers every hash.
    const reply = await put(stream, [{ data: b64("a"), explicit_hash_key: "9223372036854775807" }, { data: b64("b"), partition_key: "k" }]);
    expect(reply.json.records.map((r: { partition_id: string }) => r.partition_id)).toEqual(["shardId-0000000000", "shardId-0000000000"]);
    // Naming the DELETED partition is a per-record refusal.
    const refused = await put(stream, [{ data: b64("x"), partition_id: "1" }, { data: b64("y"), partition_id: "0" }]);
    expect(refused.json.failed_record_count).toBe(1);
    expect(refused.json.records[0].error_code).toBe("DIS.4319");
    expect(refused.json.records[1].partition_id).toBe("shardId-0000000000");

    // Still readable by cursor.
    const old = await get(await cursor(stream, "1"));
    expect(old.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["before"]);

    // Once the retention has passed, the DELETED partition is EXPIRED.
    laterBy(25 * 3600_000);
    const d = await describeStream(stream);
    expect(d.partitions[1].status).toBe("EXPIRED");
    expect(d).toMatchObject({ writable_partition_count: 1, readable_partition_count: 1 });
    expectError(await call("GET", `/v2/${PROJECT}/cursors?stream-name=${stream}&partition-id=1&cursor-type=TRIM_HORIZON`), "DIS.4319");
  });

  it("checkpoints and consuming state keep working for DELETED partitions", async () => {
    const stream = await newStream(2);
    await put(stream, [{ data: b64("a"), partition_id: "1" }, { data: b64("b"), partition_id: "1" }]);
    expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: `${stream}-app` } })).status).toBe(201);
    expect((await scale(stream, 1)).status).toBe(200);
    const commit = await call("POST", `/v2/${PROJECT}/checkpoints`, {
      body: { app_name: `${stream}-app`, stream_name: stream, partition_id: "1", sequence_number: "1", checkpoint_type: "LAST_READ" },
    });
    expect(commit.status).toBe(201);
    const state = await call("GET", `/v2/${PROJECT}/apps/${stream}-app/streams/${stream}?checkpoint_type=LAST_READ`);
    expect(state.json.partition_consuming_states[1]).toEqual({
      partition_id: "1",
      sequence_number: "1",
      latest_offset: "2",
      earliest_offset: "0",
      checkpoint_type: "LAST_READ",
      status: "DELETED",
    });
  });

  it("writers with stale routing are refused by the partition and route again", async () => {
    const stream = await newStream(2);
    await put(stream, [{ data: b64("warm"), partition_id: "1" }]);
    expect((await scale(stream, 1)).status).toBe(200);
    // A writer still holding the routing from before the scale (epoch 0) is refused by both partitions.
    const id = (await describeStream(stream)).stream_id;
    const staleBinding = { streamType: "COMMON" as const, retentionMs: 24 * 3600_000, routingEpoch: 0 };
    const batch = { chunk: encodeChunk([{ data: new Uint8Array([65]) }]), sizes: [1], requests: 1 };
    for (const index of [0, 1]) {
      expect(await partitionStub(env, id, index).append(staleBinding, batch)).toEqual({ ok: true, value: { staleRouting: true, entries: [], rowsWritten: 0 } });
    }
    const fresh = await put(stream, Array.from({ length: 4 }, (_, i) => ({ data: b64(String(i)), explicit_hash_key: String(BigInt(i) * 3n * 10n ** 18n) })));
    expect(fresh.json.records.every((r: { partition_id: string }) => r.partition_id === "shardId-0000000000")).toBe(true);
  });

  it("a put routed by a cached routing from before a scale is routed again, appending nothing twice", async () => {
    const stream = await newStream(2);
    // Warm this isolate's routing cache (epoch 0).
    await put(stream, [{ data: b64("warm"), partition_id: "0" }, { data: b64("warm"), partition_id: "1" }]);
    // Scale in as another isolate would: the D1 change and the partitions told, this isolate's cache untouched.
    const db = openDb(env.DB);
    const row = (await findStream(db, PROJECT, stream))!;
    const plan = planScale(
      [0, 1].map((index) => ({ index, status: "ACTIVE", low: index === 0 ? 0n : 4611686018427387904n, high: index === 0 ? 4611686018427387903n : 9223372036854775807n })),
      1,
    );
    await applyScale(db, row, plan, new Set([0, 1]), false);
    await pushRouting(env, db, row.id);

    const reply = await put(stream, [
      { data: b64("low"), explicit_hash_key: "1" },
      { data: b64("high"), explicit_hash_key: "9223372036854775807" },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.json.failed_record_count).toBe(0);
    expect(reply.json.records.map((r: { partition_id: string }) => r.partition_id)).toEqual(["shardId-0000000000", "shardId-0000000000"]);
    const zero = await get(await cursor(stream, "0"));
    expect(zero.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["warm", "low", "high"]);
    const one = await get(await cursor(stream, "1"));
    expect(one.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["warm"]);
  });

  it("two changes at the same time: one wins, the other is DIS.4305, the ranges still tile", async () => {
    const stream = await newStream(4);
    const [a, b] = await Promise.all([scale(stream, 2), scale(stream, 6)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    expect(errorCodeOf(a.status === 400 ? a : b)).toBe("DIS.4305");
    const d = await describeStream(stream);
    expectTiling(d.partitions);
    expect([2, 6]).toContain(d.writable_partition_count);
    expect(d.update_partition_counts.filter((h: { result_code: number }) => h.result_code === 0)).toHaveLength(1);
  });

  it("a partition added by a scale-out another isolate served is found by puts, cursors and checkpoints", async () => {
    const stream = await newStream(1);
    await put(stream, [{ data: b64("warm") }]);
    const db = openDb(env.DB);
    const row = (await findStream(db, PROJECT, stream))!;
    await applyScale(db, row, planScale([{ index: 0, status: "ACTIVE", low: 0n, high: 9223372036854775807n }], 2), new Set([0]), false);
    await pushRouting(env, db, row.id);

    const reply = await put(stream, [{ data: b64("new"), partition_id: "1" }]);
    expect(reply.status).toBe(200);
    expect(reply.json.records[0]).toEqual({ partition_id: "shardId-0000000001", sequence_number: "0" });
    expect((await get(await cursor(stream, "1"))).json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["new"]);
  });

  it("enforces quotas, the hourly limits and input rules", async () => {
    const stream = await newStream(1, { stream_type: "ADVANCED" });
    expectError(await scale(stream, 1), "DIS.4200");
    expectError(await scale(stream, 0), "DIS.4200");
    expectError(await scale(stream, 2, "other"), "DIS.4200");
    expectError(await scale("nope", 2, "nope"), "DIS.4301");
    // Quota failures count towards the 5 per hour.
    for (let i = 0; i < 5; i++) expectError(await scale(stream, 11), "DIS.4308");
    expectError(await scale(stream, 2), "DIS.4305");
    const history = (await describeStream(stream)).update_partition_counts;
    expect(history).toHaveLength(5);
    expect(history[0]).toMatchObject({ result_code: 4308, target_partition_count: 11 });

    laterBy(3_660_000);
    expect((await scale(stream, 2)).status).toBe(200);
    // None within an hour after a success.
    expectError(await scale(stream, 3), "DIS.4305");
  });
});
