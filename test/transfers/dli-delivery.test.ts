import { gzipSync } from "fflate";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { ProgressStore } from "../../src/transfers/progress-store";
import { taskStub } from "../../src/transfers/service";
import { call, expectError, PROJECT } from "../helpers/http";
import { b64, newStream, put } from "../helpers/records";
import { cron, describeTask, objectKeys, seq, tasksPath, textOf } from "../helpers/transfers";

/** Delivery times far from the real clock, so each delivery is due. */
const T = Date.UTC(2031, 4, 6, 7, 8, 9);
const MINUTE = 60_000;
const lake = () => env.LAKE_BUCKET;

const schema = {
  type: "record",
  name: "Reading",
  fields: [
    { name: "device", type: "string" },
    { name: "temp", type: "double" },
    { name: "at", type: ["null", "long"] },
  ],
};

/** The reference's example (§5.5.9), into a table of its own. */
function dliBody(taskName: string, table: string, change: Record<string, unknown> = {}) {
  return {
    destination_type: "DLI",
    dli_destination_descriptor: {
      task_name: taskName,
      consumer_strategy: "TRIM_HORIZON",
      agency_name: "dis_admin_agency",
      dli_database_name: "dlidatabasename",
      dli_table_name: table,
      obs_bucket_path: "obsbucket",
      file_prefix: `bk_${table.toLowerCase()}`,
      deliver_time_interval: 300,
      retry_duration: 300,
      ...change,
    },
  };
}

let tables = 0;
const newTable = () => `Readings_${Date.now().toString(36)}_${tables++}`;

async function typedStream(): Promise<string> {
  return newStream(1, { data_type: "JSON", data_schema: JSON.stringify(schema) });
}

async function newDliTask(stream: string, taskName: string, table: string, change: Record<string, unknown> = {}): Promise<string> {
  const reply = await call("POST", tasksPath(stream), { body: dliBody(taskName, table, change) });
  expect(reply.status, reply.text).toBe(201);
  return (await describeTask(stream, taskName)).task_id;
}

const json = (...values: unknown[]) => values.map((v) => ({ data: b64(JSON.stringify(v)) }));

describe("DLI delivery", () => {
  it("writes Parquet files in the table's Hive location, columns from the data_schema, and describes every field", async () => {
    const table = newTable();
    const stream = await typedStream();
    const taskId = await newDliTask(stream, "to_dli", table);
    expect((await put(stream, json({ device: "d1", temp: 21.5, at: 5 }, { device: "d2", temp: -3 }))).json.failed_record_count).toBe(0);

    await cron(T);
    const location = `dlidatabasename.db/${table.toLowerCase()}/`;
    const key = `${location}${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(1)}.parquet`;
    expect(await objectKeys(location, lake())).toEqual([key]);
    const bytes = await (await lake().get(key))!.arrayBuffer();
    expect(parquetMetadata(bytes).schema.slice(1).map((c) => c.name)).toEqual(["device", "temp", "at"]);
    expect(await parquetReadObjects({ file: bytes })).toEqual([
      { device: "d1", temp: 21.5, at: 5n },
      { device: "d2", temp: -3, at: null },
    ]);

    const described = await describeTask(stream, "to_dli");
    expect(described).toMatchObject({ destination_type: "DLI", state: "RUNNING", last_transfer_timestamp: T });
    expect(described.partitions[0]).toMatchObject({ last_transfer_offset: 1, discard: 0 });
    expect(described.dli_destination_description).toEqual({
      task_name: "to_dli",
      agency_name: "dis_admin_agency",
      deliver_time_interval: 300,
      consumer_strategy: "TRIM_HORIZON",
      dli_database_name: "dlidatabasename",
      dli_table_name: table.toLowerCase(),
      obs_bucket_path: "obsbucket",
      file_prefix: `bk_${table.toLowerCase()}`,
      retry_duration: 300,
    });
  });

  it("sends records a row cannot hold to obs_bucket_path/file_prefix/dli_error/", async () => {
    const table = newTable().toLowerCase();
    const stream = await newStream(1);
    await put(stream, [...json({ device: "d1", temp: 1 }), { data: b64("not json") }, ...json({ device: "d3", temp: "warm" })]);
    const typed = await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_type: "JSON", data_schema: JSON.stringify(schema) } });
    expect(typed.status, typed.text).toBe(204);
    const taskId = await newDliTask(stream, "misfits", table);

    await cron(T);
    expect(await objectKeys(`dlidatabasename.db/${table}/`, lake())).toEqual([`dlidatabasename.db/${table}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(0)}.parquet`]);
    const errorKey = `bk_${table}/dli_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(1)}_${seq(2)}.txt.gz`;
    expect(await objectKeys(`bk_${table}/`)).toEqual([errorKey]);
    expect(await textOf(errorKey)).toBe('not json\n{"device":"d3","temp":"warm"}');
    expect((await describeTask(stream, "misfits")).partitions[0]).toMatchObject({ last_transfer_offset: 2, discard: 0 });
  });

  it("reads the records of a stream with a compression_format decompressed", async () => {
    const table = newTable().toLowerCase();
    const stream = await newStream(1, { data_type: "JSON", data_schema: JSON.stringify(schema), compression_format: "gzip" });
    const taskId = await newDliTask(stream, "gz", table);
    const packed = gzipSync(new TextEncoder().encode(JSON.stringify({ device: "z", temp: 0.5 })));
    expect((await put(stream, [{ data: b64(packed) }])).json.failed_record_count).toBe(0);
    await cron(T);
    const key = `dlidatabasename.db/${table}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(0)}.parquet`;
    expect(await parquetReadObjects({ file: await (await lake().get(key))!.arrayBuffer() })).toEqual([{ device: "z", temp: 0.5, at: null }]);
  });

  it("retries a failing write for retry_duration, then backs the batch up to dli_error/ and moves on", async () => {
    const table = newTable().toLowerCase();
    const stream = await typedStream();
    const taskId = await newDliTask(stream, "flaky", table, { retry_duration: 0 });
    await put(stream, json({ device: "a", temp: 1 }));
    const failing = await runInDurableObject(taskStub(env, taskId), (instance) =>
      vi.spyOn((instance as unknown as { env: typeof env }).env.LAKE_BUCKET, "put").mockRejectedValue(new Error("the lake is unavailable")),
    );
    // retry_duration 0: no retry, the batch is backed up at once.
    await cron(T);
    failing.mockRestore();
    const errorKey = `bk_${table}/dli_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(0)}.txt.gz`;
    expect(await objectKeys(`bk_${table}/`)).toEqual([errorKey]);
    expect(JSON.parse(await textOf(errorKey))).toEqual({ device: "a", temp: 1 });
    expect((await env.OBS_BUCKET.head(errorKey))?.customMetadata?.reason).toContain("the lake is unavailable");
    expect(await objectKeys(`dlidatabasename.db/${table}/`, lake())).toEqual([]);
    expect((await describeTask(stream, "flaky")).partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: 0 });
  });

  it("a crash between writing a file and storing progress repeats the batch and skips nothing", async () => {
    const table = newTable().toLowerCase();
    const stream = await typedStream();
    const taskId = await newDliTask(stream, "crashy", table);
    await put(stream, json({ device: "a", temp: 1 }));
    vi.spyOn(ProgressStore.prototype, "advance").mockImplementationOnce(() => {
      throw new Error("crashed before storing progress");
    });
    await cron(T);
    expect((await describeTask(stream, "crashy")).partitions[0]).toMatchObject({ state: "ABNORMAL", last_transfer_offset: -1 });
    await put(stream, json({ device: "b", temp: 2 }));
    await cron(T + 5 * MINUTE);
    const name = (first: number, last: number) => `dlidatabasename.db/${table}/${stream}_${taskId}_shardId-0000000000_${seq(first)}_${seq(last)}.parquet`;
    expect(await objectKeys(`dlidatabasename.db/${table}/`, lake())).toEqual([name(0, 0), name(0, 1)]);
    expect((await describeTask(stream, "crashy")).partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: 1 });
  });
});

describe("DLI descriptors", () => {
  const create = async (change: Record<string, unknown>, stream?: string) => call("POST", tasksPath(stream ?? (await typedStream())), { body: dliBody("bad", "t", change) });

  it("takes the reference's example spelling of retry_duration as a string", async () => {
    const reply = await create({ retry_duration: "300" });
    expect(reply.status, reply.text).toBe(201);
  });

  it("refuses a database the deployment does not provide with DIS.4337, an unknown bucket with DIS.4306", async () => {
    expectError(await create({ dli_database_name: "nowhere" }), "DIS.4337");
    expectError(await create({ obs_bucket_path: "no-such-bucket" }), "DIS.4306");
  });

  it("refuses a stream whose records cannot be rows: not JSON, or without a record data_schema", async () => {
    for (const extra of [{}, { data_type: "JSON" }, { data_type: "JSON", data_schema: '"string"' }]) {
      const reply = await create({}, await newStream(1, extra));
      expectError(reply, "DIS.4200");
      expect(reply.json.error_msg).toContain("parquet needs a JSON stream whose data_schema is an Avro record");
    }
  });

  it.each([
    ["without dli_database_name", { dli_database_name: null }],
    ["without dli_table_name", { dli_table_name: null }],
    ["a table name", { dli_table_name: "a-b" }],
    ["without obs_bucket_path", { obs_bucket_path: null }],
    ["file_prefix", { file_prefix: "/abs" }],
    ["retry_duration", { retry_duration: -1 }],
  ])("refuses %s with DIS.4200 naming the field", async (_what, change) => {
    const reply = await create(change);
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("dli_destination_descriptor.");
  });
});
