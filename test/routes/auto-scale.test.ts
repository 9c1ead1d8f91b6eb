import { createExecutionContext, createScheduledController, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { partitionStub } from "../../src/partition/stubs";
import { LIMITS } from "../../src/partition/traffic";
import { call, PROJECT } from "../helpers/http";
import { newStream } from "../helpers/records";

afterEach(() => {
  vi.useRealTimers();
});

/** Writes synthetic per-minute write counters into a partition, as if it had taken that load. */
async function syntheticLoad(streamId: string, index: number, fromMinute: number, toMinute: number, fraction: number) {
  const bytes = Math.round(fraction * LIMITS.COMMON.writeBytesPerSecond * 60);
  await runInDurableObject(partitionStub(env, streamId, index), (_i, state) => {
    for (let m = fromMinute; m <= toMinute; m++) {
      state.storage.sql.exec("INSERT INTO metrics (minute, put_bytes, put_records) VALUES (?, ?, 1) ON CONFLICT (minute) DO UPDATE SET put_bytes = excluded.put_bytes", m, bytes);
    }
  });
}

async function cron(at: number) {
  vi.setSystemTime(at);
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("auto-scaling", () => {
  it("scales out under sustained load and back in when quiet, recorded as automatic", async () => {
    const start = Date.now();
    vi.useFakeTimers({ now: start, toFake: ["Date"] });
    const stream = await newStream(2, { auto_scale_enabled: true, auto_scale_min_partition_count: 1, auto_scale_max_partition_count: 6 });
    const describe1 = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json;
    const id = describe1.stream_id;

    // Ten minutes later, the last 6 full minutes ran at 90 % on both partitions.
    const t1 = start + 10 * 60_000;
    const m1 = Math.floor(t1 / 60_000) - 1;
    for (const index of [0, 1]) await syntheticLoad(id, index, m1 - 5, m1, 0.9);
    await cron(t1);
    let d = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json;
    expect(d.writable_partition_count).toBe(4);
    expect(d.update_partition_counts.at(-1)).toMatchObject({ src_partition_count: 2, target_partition_count: 4, result_code: 0, auto_scale: true });

    // Quiet for the 30 minutes that follow: no scaling within the hour, then in.
    const t2 = t1 + 35 * 60_000;
    await cron(t2);
    expect((await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.writable_partition_count).toBe(4);
    const t3 = t1 + 65 * 60_000;
    await cron(t3);
    d = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json;
    expect(d.writable_partition_count).toBe(1);
    expect(d.update_partition_counts.at(-1)).toMatchObject({ src_partition_count: 4, target_partition_count: 1, auto_scale: true });
  });

  it("scales out only as far as the quota allows, without recording refusals", async () => {
    const start = Date.now();
    vi.useFakeTimers({ now: start, toFake: ["Date"] });
    // The project's other streams leave room for exactly one more COMMON partition after this one's two.
    const used = (await call("GET", `/v2/${PROJECT}/streams?limit=100`)).json.stream_info_list.reduce(
      (sum: number, s: { stream_type: string; partition_count: number }) => sum + (s.stream_type === "COMMON" ? s.partition_count : 0),
      0,
    );
    const filler = await newStream(50 - used - 3);
    const stream = await newStream(2, { auto_scale_enabled: true, auto_scale_min_partition_count: 1, auto_scale_max_partition_count: 10 });
    const id = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id;
    const t = start + 10 * 60_000;
    const m = Math.floor(t / 60_000) - 1;
    for (const index of [0, 1]) await syntheticLoad(id, index, m - 5, m, 0.9);
    await cron(t);
    const d = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json;
    expect(d.writable_partition_count).toBe(3);
    expect(d.update_partition_counts.map((h: { result_code: number }) => h.result_code)).toEqual([0]);
    for (const name of [filler, stream]) expect((await call("DELETE", `/v2/${PROJECT}/streams/${name}`)).status).toBe(204);
  });

  it("leaves streams without auto-scaling alone", async () => {
    const start = Date.now();
    vi.useFakeTimers({ now: start, toFake: ["Date"] });
    const stream = await newStream(1);
    const id = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id;
    const t = start + 10 * 60_000;
    const m = Math.floor(t / 60_000) - 1;
    await syntheticLoad(id, 0, m - 5, m, 1.5);
    await cron(t);
    expect((await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.update_partition_counts).toEqual([]);
  });
});
