import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { gunzipSync, gzipSync } from "fflate";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PartitionLog } from "../../src/partition/partition-log";
import { partitionStub } from "../../src/partition/stubs";
import { BATCH_LIMITS } from "../../src/transfers/batches";
import { ProgressStore } from "../../src/transfers/progress-store";
import { taskStub } from "../../src/transfers/service";
import { call, PROJECT } from "../helpers/http";
import { newStream, put } from "../helpers/records";
import { cron, describeTask, minuteDirs, newTask, objectKeys, seq, tasksPath, textOf } from "../helpers/transfers";

/** A fixed delivery time, far from the real clock, so directory names are known in advance. */
const T = Date.UTC(2031, 4, 6, 7, 8, 9);

const DEFAULT_LIMITS = { ...BATCH_LIMITS };

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  Object.assign(BATCH_LIMITS, DEFAULT_LIMITS);
});

function records(partition: string, ...texts: string[]) {
  return texts.map((t) => ({ data: btoa(t), partition_id: partition }));
}

describe("text delivery", () => {
  it("writes one object per partition with new records, named by stream, task, partition and sequence range", async () => {
    const stream = await newStream(2);
    const prefix = `p_${stream.replace(/-/g, "_")}/logs`;
    const taskId = await newTask(stream, "to_obs", { file_prefix: prefix, partition_format: "yyyy/MM/dd/HH/mm", record_delimiter: "|" });
    expect((await put(stream, records("0", "a", "b", "c"))).status).toBe(200);
    expect((await put(stream, records("1", "x", "y"))).status).toBe(200);

    await cron(T);
    const dir = `${prefix}/${minuteDirs(T)}`;
    expect(dir).toBe(`${prefix}/2031/05/06/07/08`);
    const first = `${dir}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(2)}.txt.gz`;
    const second = `${dir}/${stream}_${taskId}_shardId-0000000001_${seq(0)}_${seq(1)}.txt.gz`;
    expect(await objectKeys(prefix)).toEqual([first, second]);
    expect(await textOf(first)).toBe("a|b|c");
    expect(await textOf(second)).toBe("x|y");
    const head = await env.OBS_BUCKET.head(first);
    expect(head?.httpMetadata).toMatchObject({ contentType: "text/plain", contentEncoding: "gzip" });
    expect(head?.customMetadata).toEqual({
      stream_name: stream,
      task_id: taskId,
      partition_id: "shardId-0000000000",
      first_sequence_number: "0",
      last_sequence_number: "2",
      record_count: "3",
      delivered_at: String(T),
      compression: "gzip",
    });

    const described = await describeTask(stream, "to_obs");
    expect(described.last_transfer_timestamp).toBe(T);
    expect(described.partitions.map((p: Record<string, unknown>) => [p.partition_id, p.last_transfer_offset, p.last_transfer_timestamp, p.discard, p.state])).toEqual([
      ["shardId-0000000000", 2, T, 0, "RUNNING"],
      ["shardId-0000000001", 1, T, 0, "RUNNING"],
    ]);

    // Not due before the interval has passed; then only what is new, and nothing where nothing arrived.
    expect((await put(stream, records("0", "d"))).status).toBe(200);
    await cron(T + 30_000);
    expect(await objectKeys(prefix)).toHaveLength(2);
    await cron(T + 60_000);
    const third = `${prefix}/${minuteDirs(T + 60_000)}/${stream}_${taskId}_shardId-0000000000_${seq(3)}_${seq(3)}.txt.gz`;
    expect(await objectKeys(prefix)).toEqual([first, second, third]);
    expect(await textOf(third)).toBe("d");
    await cron(T + 120_000);
    expect(await objectKeys(prefix)).toHaveLength(3);
    const list = await call("GET", tasksPath(stream));
    expect(list.json.tasks[0]).toMatchObject({ task_id: taskId, state: "RUNNING", last_transfer_timestamp: T + 60_000 });
  });
});

describe("binary records", () => {
  it("are delivered byte for byte", async () => {
    const stream = await newStream(1);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "bytes", { file_prefix: prefix, record_delimiter: "," });
    const blobs = [new Uint8Array([0, 255, 10, 13]), new Uint8Array([0xe4, 0xb8]), new Uint8Array([44])];
    const body = blobs.map((b) => ({ data: btoa(String.fromCharCode(...b)), partition_id: "0" }));
    expect((await put(stream, body)).status).toBe(200);
    await cron(T);
    const key = `${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(2)}.txt.gz`;
    const object = await env.OBS_BUCKET.get(key);
    expect(gunzipSync(new Uint8Array(await object!.arrayBuffer()))).toEqual(new Uint8Array([0, 255, 10, 13, 44, 0xe4, 0xb8, 44, 44]));
  });
});

describe("records of a stream with a compression_format", () => {
  it("are delivered decompressed, in a file compressed whole", async () => {
    const stream = await newStream(1, { compression_format: "gzip" });
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "gz", { file_prefix: prefix });
    const packed = (text: string) => ({ data: btoa(String.fromCharCode(...gzipSync(new TextEncoder().encode(text)))), partition_id: "0" });
    expect((await put(stream, [packed("one"), packed("two")])).json.failed_record_count).toBe(0);

    await cron(T);
    const file = `${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(1)}.txt.gz`;
    expect(await objectKeys(`${prefix}/`)).toEqual([file]);
    expect(await textOf(file)).toBe("one\ntwo");
  });
});

describe("large backlogs", () => {
  it("are split into objects within the object limit, over several runs within the run limit", { timeout: 20_000 }, async () => {
    // Limits scaled down: 8 bytes of records per object, 16 per run (only record data counted).
    Object.assign(BATCH_LIMITS, { objectBytes: 8, runBytes: 16, recordCost: 0, objectCost: 0 });
    const stream = await newStream(1);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "backlog", { file_prefix: prefix });
    const texts = Array.from({ length: 10 }, (_, i) => `r00${i}`);
    expect((await put(stream, records("0", ...texts))).status).toBe(200);
    const key = (first: number, last: number) => `${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(first)}_${seq(last)}.txt.gz`;

    await cron(T);
    expect(await objectKeys(`${prefix}/`)).toEqual([key(0, 1), key(2, 3)]);
    // A cron tick that finds the task not due leaves the continuation where it is.
    await cron(T + 10_000);
    const alarm = await runInTask(taskId);
    expect(alarm === null || alarm <= Date.now() + 1_000).toBe(true);
    // The next runs follow on the task's timer until the backlog is delivered.
    await runTimerUntil(taskId, async () => (await describeTask(stream, "backlog")).partitions[0].last_transfer_offset === 9);
    const keys = await objectKeys(`${prefix}/`);
    expect(keys).toEqual([key(0, 1), key(2, 3), key(4, 5), key(6, 7), key(8, 9)]);
    expect((await Promise.all(keys.map((k) => textOf(k)))).join("\n")).toBe(texts.join("\n"));
    expect((await describeTask(stream, "backlog")).partitions[0]).toMatchObject({ last_transfer_offset: 9, discard: 0 });
    // All delivered: the timer is back at the task's interval.
    await vi.waitFor(async () => expect(await runInTask(taskId)).toBeGreaterThan(Date.now() + 50_000), { timeout: 5_000 });
  });
});

describe("partitions taking turns", () => {
  it("a run that stops early is followed by one that starts with the next partition", { timeout: 20_000 }, async () => {
    Object.assign(BATCH_LIMITS, { objectBytes: 8, runBytes: 8, recordCost: 0, objectCost: 0 });
    const stream = await newStream(2);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "turns", { file_prefix: prefix });
    expect((await put(stream, records("0", "a000", "a001", "a002", "a003", "a004", "a005"))).status).toBe(200);
    expect((await put(stream, records("1", "b000", "b001"))).status).toBe(200);
    const key = (partition: number, first: number, last: number) =>
      `${prefix}/${stream}_${taskId}_shardId-000000000${partition}_${seq(first)}_${seq(last)}.txt.gz`;

    await cron(T);
    await runTimerUntil(taskId, async () => {
      const offsets = (await describeTask(stream, "turns")).partitions.map((p: { last_transfer_offset: number }) => p.last_transfer_offset);
      return offsets[0] === 5 && offsets[1] === 1;
    });
    expect(await objectKeys(`${prefix}/`)).toEqual([key(0, 0, 1), key(0, 2, 3), key(0, 4, 5), key(1, 0, 1)]);
    // Partition 1 had its turn right after partition 0's first run, not after its whole backlog.
    const uploaded = async (k: string) => (await env.OBS_BUCKET.head(k))!.uploaded.getTime();
    expect(await uploaded(key(1, 0, 1))).toBeLessThan(await uploaded(key(0, 2, 3)));
    expect(await uploaded(key(0, 0, 1))).toBeLessThan(await uploaded(key(1, 0, 1)));
  });
});

describe("where a task starts", () => {
  it("LATEST starts at the log end at creation, TRIM_HORIZON at the earliest record", async () => {
    const stream = await newStream(1);
    expect((await put(stream, records("0", "old1", "old2"))).status).toBe(200);
    const base = `p_${stream.replace(/-/g, "_")}`;
    const latest = await newTask(stream, "latest", { file_prefix: `${base}/latest` });
    const horizon = await newTask(stream, "horizon", { file_prefix: `${base}/horizon`, consumer_strategy: "TRIM_HORIZON" });
    expect((await put(stream, records("0", "new"))).status).toBe(200);

    await cron(T);
    expect(await objectKeys(`${base}/latest/`)).toEqual([`${base}/latest/${stream}_${latest}_shardId-0000000000_${seq(2)}_${seq(2)}.txt.gz`]);
    expect(await objectKeys(`${base}/horizon/`)).toEqual([`${base}/horizon/${stream}_${horizon}_shardId-0000000000_${seq(0)}_${seq(2)}.txt.gz`]);
    expect(await textOf((await objectKeys(`${base}/horizon/`))[0]!)).toBe("old1\nold2\nnew");
  });

  it("delivers partitions added by a scale-out from their first record", async () => {
    const stream = await newStream(1);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "scaled", { file_prefix: prefix });
    const scaled = await call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, target_partition_count: 2 } });
    expect(scaled.status, scaled.text).toBe(200);
    expect((await put(stream, records("1", "n1", "n2"))).status).toBe(200);
    await cron(T);
    expect(await objectKeys(`${prefix}/`)).toEqual([`${prefix}/${stream}_${taskId}_shardId-0000000001_${seq(0)}_${seq(1)}.txt.gz`]);
  });
});

describe("pause and resume", () => {
  it("a stopped task delivers nothing and resumes where it stopped", async () => {
    const stream = await newStream(1);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "paused", { file_prefix: prefix });
    expect((await put(stream, records("0", "a"))).status).toBe(200);
    const stop = await call("POST", tasksPath(stream, "/action"), { body: { action: "stop", tasks: [{ id: taskId }] } });
    expect(stop.status, stop.text).toBe(200);
    expect((await describeTask(stream, "paused")).state).toBe("PAUSED");
    expect((await call("GET", tasksPath(stream))).json.tasks[0].state).toBe("PAUSED");

    await cron(T);
    expect(await runDurableObjectAlarm(taskStub(env, taskId))).toBe(true);
    expect(await objectKeys(`${prefix}/`)).toEqual([]);
    expect((await put(stream, records("0", "b"))).status).toBe(200);

    const start = await call("POST", tasksPath(stream, "/action"), { body: { action: "start", tasks: [{ id: taskId }] } });
    expect(start.status, start.text).toBe(200);
    expect((await describeTask(stream, "paused")).state).toBe("RUNNING");
    await cron(T + 60_000);
    const keys = await objectKeys(`${prefix}/`);
    expect(keys).toEqual([`${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(1)}.txt.gz`]);
    expect(await textOf(keys[0]!)).toBe("a\nb");
  });
});

describe("crash safety", () => {
  it("a crash between writing an object and storing progress repeats the delivery and skips nothing", async () => {
    const stream = await newStream(1);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "crashy", { file_prefix: prefix, partition_format: "yyyy/MM/dd/HH/mm" });
    expect((await put(stream, records("0", "r0", "r1"))).status).toBe(200);

    // The object is written, then the task dies before its progress is stored.
    const advance = vi.spyOn(ProgressStore.prototype, "advance").mockImplementationOnce(() => {
      throw new Error("crashed before storing progress");
    });
    await cron(T);
    expect(advance).toHaveBeenCalledTimes(1);
    const firstKey = `${prefix}/${minuteDirs(T)}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(1)}.txt.gz`;
    expect(await objectKeys(`${prefix}/`)).toEqual([firstKey]);
    const afterCrash = await describeTask(stream, "crashy");
    expect(afterCrash.state).toBe("ABNORMAL");
    expect(afterCrash.partitions[0]).toMatchObject({ state: "ABNORMAL", last_transfer_offset: -1, last_transfer_timestamp: 0 });

    // The next delivery repeats the records since the stored progress, with what arrived meanwhile.
    expect((await put(stream, records("0", "r2"))).status).toBe(200);
    await cron(T + 60_000);
    const secondKey = `${prefix}/${minuteDirs(T + 60_000)}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(2)}.txt.gz`;
    expect(await objectKeys(`${prefix}/`)).toEqual([firstKey, secondKey]);
    expect(await textOf(firstKey)).toBe("r0\nr1");
    expect(await textOf(secondKey)).toBe("r0\nr1\nr2");
    const recovered = await describeTask(stream, "crashy");
    expect(recovered.state).toBe("RUNNING");
    expect(recovered.partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: 2, last_transfer_timestamp: T + 60_000 });
  });

  it("a failed delivery shows ABNORMAL and the next one delivers everything", async () => {
    const schema = JSON.stringify({ type: "record", name: "R", fields: [{ name: "v", type: "int" }] });
    const stream = await newStream(1, { data_type: "JSON", data_schema: schema });
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    await newTask(stream, "pq", { file_prefix: prefix, destination_file_type: "parquet" });
    expect((await put(stream, records("0", '{"v":1}'))).status).toBe(200);
    // The stream's schema stops describing a record: Parquet columns cannot be made.
    const changed = await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_schema: '"string"' } });
    expect(changed.status, changed.text).toBe(204);
    await cron(T);
    expect(await objectKeys(`${prefix}/`)).toEqual([]);
    const failed = await describeTask(stream, "pq");
    expect(failed.state).toBe("ABNORMAL");
    expect(failed.partitions[0].state).toBe("ABNORMAL");
    expect((await call("GET", tasksPath(stream))).json.tasks[0].state).toBe("ABNORMAL");

    const restored = await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_schema: schema } });
    expect(restored.status, restored.text).toBe(204);
    await cron(T + 60_000);
    expect(await objectKeys(`${prefix}/`)).toHaveLength(1);
    const recovered = await describeTask(stream, "pq");
    expect(recovered.state).toBe("RUNNING");
    expect(recovered.partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: 0 });
  });
});

describe("recovery of an idle partition", () => {
  it("a partition whose read failed shows RUNNING again after the next delivery, even with nothing new", async () => {
    const stream = await newStream(1);
    await newTask(stream, "flaky");
    const exportRecords = vi.spyOn(PartitionLog.prototype, "exportRecords").mockImplementationOnce(async () => ({ ok: false, code: "DIS.5000", detail: "unavailable" }));
    await cron(T);
    expect(exportRecords).toHaveBeenCalled();
    expect((await describeTask(stream, "flaky")).partitions[0].state).toBe("ABNORMAL");
    await cron(T + 60_000);
    const described = await describeTask(stream, "flaky");
    expect(described.state).toBe("RUNNING");
    expect(described.partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: -1, last_transfer_timestamp: 0 });
  });
});

describe("expired records", () => {
  it("records that expire before delivery are counted in discard, and delivery goes on after them", async () => {
    const stream = await newStream(1);
    const streamId = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id;
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "late", { file_prefix: prefix, consumer_strategy: "TRIM_HORIZON" });
    expect((await put(stream, records("0", "e0", "e1", "e2"))).status).toBe(200);

    // A day and more later (retention 24 hours), the partition has dropped them.
    const later = Date.now() + 25 * 3_600_000;
    vi.useFakeTimers({ now: later, toFake: ["Date"] });
    expect(await runDurableObjectAlarm(partitionStub(env, streamId, 0))).toBe(true);
    expect(await partitionStub(env, streamId, 0).sequenceRange()).toEqual({ earliest: 3, latest: 3 });
    expect((await put(stream, records("0", "kept"))).status).toBe(200);

    await cron(later);
    const keys = await objectKeys(`${prefix}/`);
    expect(keys).toEqual([`${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(3)}_${seq(3)}.txt.gz`]);
    expect(await textOf(keys[0]!)).toBe("kept");
    expect((await describeTask(stream, "late")).partitions[0]).toMatchObject({ discard: 3, last_transfer_offset: 3 });
  });
});

describe("the task's own timer", () => {
  it("delivers when it fires, for intervals shorter than the cron trigger's minute", async () => {
    const stream = await newStream(1);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "fast", { file_prefix: prefix, deliver_time_interval: 30 });
    const armed = await runInTask(taskId);
    expect(armed).not.toBeNull();
    expect((await put(stream, records("0", "t"))).status).toBe(200);
    expect(await runDurableObjectAlarm(taskStub(env, taskId))).toBe(true);
    const keys = await objectKeys(`${prefix}/`);
    expect(keys).toEqual([`${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(0)}.txt.gz`]);
    const next = await runInTask(taskId);
    expect(next).toBeGreaterThan(Date.now() + 25_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 30_000);
  });
});

/** Runs the task's timer until `done` holds (its real timer may run as well: runs never overlap). */
async function runTimerUntil(taskId: string, done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50 && !(await done()); i++) {
    if (!(await runDurableObjectAlarm(taskStub(env, taskId)))) await new Promise((r) => setTimeout(r, 50));
  }
  expect(await done()).toBe(true);
}

async function runInTask(taskId: string): Promise<number | null> {
  return runInDurableObject(taskStub(env, taskId), (_i, state) => state.storage.getAlarm());
}

describe("processing_schema", () => {
  it("takes each record's time directories from its timestamp field, the delivery time where it has none", async () => {
    const stream = await newStream(1, { data_type: "JSON" });
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "by_time", {
      file_prefix: prefix,
      partition_format: "yyyy/MM/dd/HH",
      processing_schema: { timestamp_name: "when", timestamp_type: "String", timestamp_format: "dd/MM/yyyy HH:mm:ss" },
    });
    const lines = ['{"when":"01/02/2030 10:11:12","n":0}', '{"when":"01/02/2030 10:59:59","n":1}', '{"when":"02/02/2030 00:00:00","n":2}', '{"n":3}'];
    expect((await put(stream, records("0", ...lines))).status).toBe(200);
    await cron(T);
    const name = (first: number, last: number) => `${stream}_${taskId}_shardId-0000000000_${seq(first)}_${seq(last)}.txt.gz`;
    const keys = await objectKeys(`${prefix}/`);
    expect(keys).toEqual([`${prefix}/2030/02/01/10/${name(0, 1)}`, `${prefix}/2030/02/02/00/${name(2, 2)}`, `${prefix}/2031/05/06/07/${name(3, 3)}`]);
    expect(await textOf(keys[0]!)).toBe(`${lines[0]}\n${lines[1]}`);
  });

  it("cuts a batch spread over many directories into several, delivering every record", async () => {
    Object.assign(BATCH_LIMITS, { batchObjects: 2 });
    const stream = await newStream(1, { data_type: "JSON" });
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "spread", { file_prefix: prefix, partition_format: "yyyy/MM/dd/HH/mm", processing_schema: { timestamp_name: "ts", timestamp_type: "Timestamp" } });
    const minutes = [0, 1, 1, 2, 3, 4].map((m) => Date.UTC(2030, 0, 1, 0, m));
    expect((await put(stream, records("0", ...minutes.map((ts) => JSON.stringify({ ts }))))).status).toBe(200);
    await cron(T);
    const name = (first: number, last: number) => `${stream}_${taskId}_shardId-0000000000_${seq(first)}_${seq(last)}.txt.gz`;
    expect(await objectKeys(`${prefix}/`)).toEqual([
      `${prefix}/2030/01/01/00/00/${name(0, 0)}`,
      `${prefix}/2030/01/01/00/01/${name(1, 2)}`,
      `${prefix}/2030/01/01/00/02/${name(3, 3)}`,
      `${prefix}/2030/01/01/00/03/${name(4, 4)}`,
      `${prefix}/2030/01/01/00/04/${name(5, 5)}`,
    ]);
    expect((await describeTask(stream, "spread")).partitions[0].last_transfer_offset).toBe(5);
  });

  it("reads 13-digit Timestamp fields", async () => {
    const stream = await newStream(1, { data_type: "JSON" });
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    await newTask(stream, "by_ms", { file_prefix: prefix, partition_format: "yyyy/MM/dd/HH/mm", processing_schema: { timestamp_name: "ts", timestamp_type: "Timestamp" } });
    const at = Date.UTC(2029, 11, 31, 23, 59, 30);
    expect((await put(stream, records("0", JSON.stringify({ ts: at })))).status).toBe(200);
    await cron(T);
    expect((await objectKeys(`${prefix}/`))[0]).toMatch(new RegExp(`^${prefix}/2029/12/31/23/59/`));
  });
});

describe("stream deletion", () => {
  it("deletes the stream's tasks and their objects' progress", async () => {
    const stream = await newStream(1);
    const taskId = await newTask(stream, "doomed");
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${stream}`)).status).toBe(204);
    const row = await env.DB.prepare("SELECT id FROM transfer_tasks WHERE id = ?").bind(taskId).first();
    expect(row).toBeNull();
    await vi.waitFor(async () => expect(await taskStub(env, taskId).progress()).toBeNull(), { timeout: 5_000 });
    // A stream of the same name starts without tasks.
    expect((await call("POST", `/v2/${PROJECT}/streams`, { body: { stream_name: stream, partition_count: 1 } })).status).toBe(201);
    expect((await call("GET", tasksPath(stream))).json).toMatchObject({ total_number: 0, tasks: [] });
  });

  it("a task object whose task is gone removes itself at its next timer", async () => {
    const stream = await newStream(1);
    const taskId = await newTask(stream, "orphan");
    await env.DB.prepare("DELETE FROM transfer_tasks WHERE id = ?").bind(taskId).run();
    expect(await runDurableObjectAlarm(taskStub(env, taskId))).toBe(true);
    expect(await taskStub(env, taskId).progress()).toBeNull();
    expect(await runInTask(taskId)).toBeNull();
  });
});
