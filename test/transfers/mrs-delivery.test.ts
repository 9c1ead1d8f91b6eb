import { parquetReadObjects } from "hyparquet";
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

/** The reference's example (§5.5.8), into a directory of its own. */
function mrsBody(taskName: string, change: Record<string, unknown> = {}) {
  return {
    destination_type: "MRS",
    mrs_destination_descriptor: {
      task_name: taskName,
      consumer_strategy: "TRIM_HORIZON",
      agency_name: "dis_admin_agency",
      destination_file_type: "text",
      mrs_cluster_id: "f8123fa6-99f1-4ed9-83f4-c827c7277d41",
      mrs_cluster_name: "mrscluster",
      mrs_hdfs_path: "/user",
      obs_bucket_path: "obsbucket",
      file_prefix: "",
      hdfs_prefix_folder: "",
      deliver_time_interval: 30,
      retry_duration: 1800,
      ...change,
    },
  };
}

async function newMrsTask(stream: string, taskName: string, change: Record<string, unknown> = {}): Promise<string> {
  const reply = await call("POST", tasksPath(stream), { body: mrsBody(taskName, change) });
  expect(reply.status, reply.text).toBe(201);
  return (await describeTask(stream, taskName)).task_id;
}

const lines = (...texts: string[]) => texts.map((t) => ({ data: b64(t) }));
const folderOf = (stream: string) => `in_${stream.replace(/-/g, "_")}`;

describe("MRS delivery", () => {
  it("writes text files under mrs_hdfs_path/hdfs_prefix_folder of the cluster's bucket, and describes every field", async () => {
    const stream = await newStream(1);
    const folder = folderOf(stream);
    const taskId = await newMrsTask(stream, "to_mrs", { mrs_hdfs_path: "/user/dis", hdfs_prefix_folder: `${folder}/raw`, partition_format: "yyyy/MM/dd", record_delimiter: "|" });
    expect((await put(stream, lines("a", "b", "c"))).json.failed_record_count).toBe(0);

    await cron(T);
    const key = `user/dis/${folder}/raw/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(2)}.txt.gz`;
    expect(await objectKeys(`user/dis/${folder}/`, lake())).toEqual([key]);
    expect(await textOf(key, lake())).toBe("a|b|c");
    expect(await objectKeys(`user/dis/${folder}/`)).toEqual([]);

    const described = await describeTask(stream, "to_mrs");
    expect(described).toMatchObject({ destination_type: "MRS", state: "RUNNING", last_transfer_timestamp: T });
    expect(described.partitions[0]).toMatchObject({ last_transfer_offset: 2, discard: 0 });
    expect(described.mrs_destination_description).toEqual({
      task_name: "to_mrs",
      agency_name: "dis_admin_agency",
      deliver_time_interval: 30,
      consumer_strategy: "TRIM_HORIZON",
      mrs_cluster_name: "mrscluster",
      mrs_cluster_id: "f8123fa6-99f1-4ed9-83f4-c827c7277d41",
      mrs_hdfs_path: "/user/dis",
      hdfs_prefix_folder: `${folder}/raw`,
      obs_bucket_path: "obsbucket",
      file_prefix: "",
      retry_duration: 1800,
      partition_format: "yyyy/MM/dd",
      destination_file_type: "text",
      record_delimiter: "|",
    });
  });

  it("writes Parquet files; records a row cannot hold go to obs_bucket_path/file_prefix/mrs_error/", async () => {
    const schema = { type: "record", name: "R", fields: [{ name: "device", type: "string" }, { name: "n", type: "long" }] };
    // Records put before the stream declared its type need not fit it.
    const stream = await newStream(1);
    await put(stream, lines('{"device":"d1","n":1}', '{"device":"d2","n":"two"}', '{"device":"d3","n":3}'));
    const typed = await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_type: "JSON", data_schema: JSON.stringify(schema) } });
    expect(typed.status, typed.text).toBe(204);
    const folder = folderOf(stream);
    const taskId = await newMrsTask(stream, "pq", { hdfs_prefix_folder: folder, destination_file_type: "parquet", file_prefix: `bk_${folder}` });

    await cron(T);
    const lakeKeys = await objectKeys(`user/${folder}/`, lake());
    expect(lakeKeys).toEqual([`user/${folder}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(2)}.parquet`]);
    const file = await lake().get(lakeKeys[0]!);
    expect(await parquetReadObjects({ file: await file!.arrayBuffer() })).toEqual([
      { device: "d1", n: 1n },
      { device: "d3", n: 3n },
    ]);
    const errorKey = `bk_${folder}/mrs_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(1)}_${seq(1)}.txt.gz`;
    expect(await objectKeys(`bk_${folder}/`)).toEqual([errorKey]);
    expect(await textOf(errorKey)).toBe('{"device":"d2","n":"two"}');
    expect((await env.OBS_BUCKET.head(errorKey))?.customMetadata?.reason).toContain("1: not a JSON object whose fields fit the data_schema's columns");
    expect((await describeTask(stream, "pq")).partitions[0]).toMatchObject({ last_transfer_offset: 2, discard: 0 });
  });

  it("retries a failing write for retry_duration, then backs the batch up to mrs_error/ and moves on", async () => {
    const stream = await newStream(1);
    const folder = folderOf(stream);
    const taskId = await newMrsTask(stream, "flaky", { hdfs_prefix_folder: folder, file_prefix: `bk_${folder}`, retry_duration: 90 });
    await put(stream, lines("a", "b"));
    const failing = await runInDurableObject(taskStub(env, taskId), (instance) =>
      vi.spyOn((instance as unknown as { env: typeof env }).env.LAKE_BUCKET, "put").mockRejectedValue(new Error("the cluster's bucket is unavailable")),
    );

    await cron(T);
    let described = await describeTask(stream, "flaky");
    expect(described.state).toBe("ABNORMAL");
    expect(described.partitions[0]).toMatchObject({ state: "ABNORMAL", last_transfer_offset: -1 });
    await cron(T + MINUTE);
    expect((await describeTask(stream, "flaky")).partitions[0].last_transfer_offset).toBe(-1);
    expect(await objectKeys(`bk_${folder}/`)).toEqual([]);

    // 90 s after the first failure: backed up, and past.
    await cron(T + 2 * MINUTE);
    const errorKey = `bk_${folder}/mrs_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(1)}.txt.gz`;
    expect(await objectKeys(`bk_${folder}/`)).toEqual([errorKey]);
    expect(await textOf(errorKey)).toBe("a\nb");
    expect((await env.OBS_BUCKET.head(errorKey))?.customMetadata?.reason).toContain("the cluster's bucket is unavailable");
    described = await describeTask(stream, "flaky");
    expect(described.state).toBe("RUNNING");
    expect(described.partitions[0].last_transfer_offset).toBe(1);

    failing.mockRestore();
    await put(stream, lines("c"));
    await cron(T + 3 * MINUTE);
    expect(await objectKeys(`user/${folder}/`, lake())).toEqual([`user/${folder}/${stream}_${taskId}_shardId-0000000000_${seq(2)}_${seq(2)}.txt.gz`]);
  });

  it("a crash between writing a file and storing progress repeats the batch and skips nothing", async () => {
    const stream = await newStream(1);
    const folder = folderOf(stream);
    const taskId = await newMrsTask(stream, "crashy", { hdfs_prefix_folder: folder });
    await put(stream, lines("r0", "r1"));
    const advance = vi.spyOn(ProgressStore.prototype, "advance").mockImplementationOnce(() => {
      throw new Error("crashed before storing progress");
    });
    await cron(T);
    expect(advance).toHaveBeenCalledTimes(1);
    const name = (first: number, last: number) => `user/${folder}/${stream}_${taskId}_shardId-0000000000_${seq(first)}_${seq(last)}.txt.gz`;
    expect(await objectKeys(`user/${folder}/`, lake())).toEqual([name(0, 1)]);
    expect((await describeTask(stream, "crashy")).partitions[0].last_transfer_offset).toBe(-1);

    await put(stream, lines("r2"));
    await cron(T + MINUTE);
    expect(await objectKeys(`user/${folder}/`, lake())).toEqual([name(0, 1), name(0, 2)]);
    expect(await textOf(name(0, 2), lake())).toBe("r0\nr1\nr2");
    expect((await describeTask(stream, "crashy")).partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: 2 });
  });
});

describe("MRS descriptors", () => {
  const create = async (change: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    call("POST", tasksPath(await newStream(1, extra)), { body: mrsBody("bad", change) });

  it("takes the reference's example as it is", async () => {
    const reply = await create({ retry_duration: "1800" });
    expect(reply.status, reply.text).toBe(201);
  });

  it("refuses a cluster the deployment does not provide with DIS.4208, an unknown bucket with DIS.4306", async () => {
    expectError(await create({ mrs_cluster_name: "nowhere" }), "DIS.4208");
    expectError(await create({ obs_bucket_path: "no-such-bucket" }), "DIS.4306");
  });

  it.each([["user"], ["/user/../etc"], ["/user dir"], [""]])("refuses mrs_hdfs_path %j with DIS.4336", async (path) => {
    const reply = await create({ mrs_hdfs_path: path });
    expectError(reply, "DIS.4336");
    expect(reply.json.error_msg).toContain("mrs_destination_descriptor.mrs_hdfs_path");
  });

  it.each([
    ["without mrs_cluster_id", { mrs_cluster_id: null }],
    ["without mrs_hdfs_path", { mrs_hdfs_path: null }],
    ["without obs_bucket_path", { obs_bucket_path: null }],
    ["a long hdfs_prefix_folder", { hdfs_prefix_folder: "a".repeat(51) }],
    ["hdfs_prefix_folder with '..'", { hdfs_prefix_folder: "a/../b" }],
    ["retry_duration", { retry_duration: 7201 }],
    ["destination_file_type", { destination_file_type: "csv" }],
    ["carbon", { destination_file_type: "carbon" }],
    ["parquet on a BLOB stream", { destination_file_type: "parquet" }],
  ])("refuses %s with DIS.4200 naming the field", async (_what, change) => {
    const reply = await create(change);
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("mrs_destination_descriptor");
  });
});
