import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { ProgressStore } from "../../src/transfers/progress-store";
import { call, expectError } from "../helpers/http";
import { b64, newStream, put } from "../helpers/records";
import { cron, describeTask, objectKeys, seq, tasksPath, textOf } from "../helpers/transfers";

/** Delivery times far from the real clock, so each delivery is due. */
const T = Date.UTC(2031, 4, 6, 7, 8, 9);
const MINUTE = 60_000;

const vm = (path: string) => `http://127.0.0.1:${env.TEST_VM_PORT}${path}`;

interface Series {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/** Every sample of the metrics whose name starts with `prefix`, from the VictoriaMetrics server, by series. */
async function exported(prefix: string): Promise<Series[]> {
  expect((await fetch(vm("/internal/force_flush"))).ok).toBe(true);
  const match = encodeURIComponent(`{__name__=~"${prefix.replace(/\./g, "\\\\.")}.*"}`);
  const text = await (await fetch(vm(`/api/v1/export?match[]=${match}`))).text();
  const series: Series[] = text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
  return series.sort((a, b) => (JSON.stringify(a.metric) < JSON.stringify(b.metric) ? -1 : 1));
}

let metrics = 0;
/** A metric name prefix of its own for each test (`Constant` parts: letters, digits and '.'). */
const newMetric = () => `dis.t${Date.now().toString(36)}${metrics++}`;

/** The reference's example (§5.5.10) with a metric of the test's own: the metric's second part from the record. */
function openTsdbBody(taskName: string, metric: string, change: Record<string, unknown> = {}) {
  return {
    destination_type: "CLOUDTABLE",
    cloudtable_destination_descriptor: {
      task_name: taskName,
      consumer_strategy: "TRIM_HORIZON",
      agency_name: "dis_admin_agency",
      cloudtable_cluster_name: "cloudtablecluster",
      cloudtable_cluster_id: "b8c095e2-db5f-4732-8a1d-eacd662e35dc",
      retry_duration: 1800,
      obs_backup_bucket_path: "obsbucket",
      backup_file_prefix: `bk_${metric.replace(/\./g, "_")}`,
      deliver_time_interval: 60,
      opentsdb_schema: [
        {
          metric: [
            { type: "Constant", value: metric },
            { type: "String", value: "kind" },
          ],
          timestamp: { value: "date", type: "String", format: "yyyy/MM/dd HH:mm:ss" },
          value: { value: "value", type: "Double" },
          tags: [
            { name: "name", value: "name", type: "String" },
            { name: "floor", value: "floor", type: "Bigint" },
          ],
        },
      ],
      ...change,
    },
  };
}

async function newOpenTsdbTask(stream: string, taskName: string, metric: string, change: Record<string, unknown> = {}): Promise<string> {
  const reply = await call("POST", tasksPath(stream), { body: openTsdbBody(taskName, metric, change) });
  expect(reply.status, reply.text).toBe(201);
  return (await describeTask(stream, taskName)).task_id;
}

const json = (...values: unknown[]) => values.map((v) => ({ data: b64(typeof v === "string" ? v : JSON.stringify(v)) }));
const at = (text: string) => Date.parse(`${text.replace(/\//g, "-").replace(" ", "T")}Z`);

describe("CloudTable OpenTSDB delivery", () => {
  it("sends each JSON record's data point to OpenTSDB's /api/put, and describes every field", async () => {
    const metric = newMetric();
    const stream = await newStream(1, { data_type: "JSON" });
    await newOpenTsdbTask(stream, "to_tsdb", metric);
    const readings = [
      { kind: "temp", date: "2026/05/06 07:00:00", value: 21.5, name: "d1", floor: 3 },
      { kind: "temp", date: "2026/05/06 07:01:00", value: 22, name: "d1", floor: 3 },
      { kind: "hum", date: "2026/05/06 07:00:00", value: "40.5", name: "d2", floor: "1", extra: true },
    ];
    expect((await put(stream, json(...readings))).json.failed_record_count).toBe(0);

    await cron(T);
    expect(await exported(metric)).toEqual([
      { metric: { __name__: `${metric}.hum`, floor: "1", name: "d2" }, values: [40.5], timestamps: [at("2026/05/06 07:00:00")] },
      { metric: { __name__: `${metric}.temp`, floor: "3", name: "d1" }, values: [21.5, 22], timestamps: [at("2026/05/06 07:00:00"), at("2026/05/06 07:01:00")] },
    ]);

    const described = await describeTask(stream, "to_tsdb");
    expect(described).toMatchObject({ destination_type: "CLOUDTABLE", state: "RUNNING", last_transfer_timestamp: T });
    expect(described.partitions[0]).toMatchObject({ last_transfer_offset: 2, discard: 0 });
    const description = described.cloudtable_destination_description;
    expect(described.cloudtable_destination_descripton).toEqual(description);
    expect(description).toEqual({
      task_name: "to_tsdb",
      agency_name: "dis_admin_agency",
      deliver_time_interval: 60,
      consumer_strategy: "TRIM_HORIZON",
      cloudtable_cluster_name: "cloudtablecluster",
      cloudtable_cluster_id: "b8c095e2-db5f-4732-8a1d-eacd662e35dc",
      cloudtable_row_key_delimiter: ".",
      obs_backup_bucket_path: "obsbucket",
      backup_file_prefix: `bk_${metric.replace(/\./g, "_")}`,
      retry_duration: 1800,
      opentsdb_schema: openTsdbBody("x", metric).cloudtable_destination_descriptor.opentsdb_schema,
    });
  });

  it("takes Timestamp fields in seconds or milliseconds, and makes one point per schema entry", async () => {
    const metric = newMetric();
    const stream = await newStream(1, { data_type: "JSON" });
    const entry = (name: string, field: string) => ({ metric: [{ type: "Constant", value: `${metric}.${name}` }], timestamp: { type: "Timestamp", value: "ts" }, value: { type: "Bigint", value: field }, tags: [{ name: "dev", type: "String", value: "dev" }] });
    await newOpenTsdbTask(stream, "two", metric, { opentsdb_schema: [entry("a", "a"), entry("b", "b")] });
    const ms = Date.UTC(2026, 4, 6, 7);
    await put(stream, json({ ts: ms, a: 1, b: 2, dev: "x" }, { ts: ms / 1000 + 60, a: 3, b: 4, dev: "x" }));
    await cron(T);
    expect(await exported(metric)).toEqual([
      { metric: { __name__: `${metric}.a`, dev: "x" }, values: [1, 3], timestamps: [ms, ms + MINUTE] },
      { metric: { __name__: `${metric}.b`, dev: "x" }, values: [2, 4], timestamps: [ms, ms + MINUTE] },
    ]);
  });

  it("backs records that cannot be points up to opentsdb_error/ at once, and delivers the others", async () => {
    const metric = newMetric();
    const prefix = `bk_${metric.replace(/\./g, "_")}`;
    const stream = await newStream(1, { data_type: "JSON" });
    const taskId = await newOpenTsdbTask(stream, "misfits", metric);
    await put(stream, json({ kind: "temp", date: "2026/05/06 07:00:00", value: 1, name: "d1", floor: 1 }, { kind: "temp", date: "yesterday", value: 2, name: "d1", floor: 1 }, { kind: "temp", date: "2026/05/06 07:00:00", value: 3, name: "d2" }));
    await cron(T);
    expect(await exported(metric)).toEqual([{ metric: { __name__: `${metric}.temp`, floor: "1", name: "d1" }, values: [1], timestamps: [at("2026/05/06 07:00:00")] }]);
    const key = `${prefix}/opentsdb_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(1)}_${seq(2)}.txt.gz`;
    expect(await objectKeys(`${prefix}/`)).toEqual([key]);
    expect((await textOf(key)).split("\n").map((l) => JSON.parse(l).value)).toEqual([2, 3]);
    const reason = (await env.OBS_BUCKET.head(key))?.customMetadata?.reason;
    expect(reason).toContain('1: field "date": "yesterday" is not a time in yyyy/MM/dd HH:mm:ss');
    expect(reason).toContain('2: field "floor" is missing');
    expect((await describeTask(stream, "misfits")).partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: 2, discard: 0 });
  });

  it("without a backup bucket, counts records that cannot be points as discarded", async () => {
    const metric = newMetric();
    const stream = await newStream(1, { data_type: "JSON" });
    await newOpenTsdbTask(stream, "nobackup", metric, { obs_backup_bucket_path: null });
    await put(stream, json({ kind: "t", date: "2026/05/06 07:00:00", value: 1, name: "a", floor: 1 }, { kind: "t", value: 2 }));
    await cron(T);
    expect((await exported(metric)).map((s) => s.values)).toEqual([[1]]);
    expect((await describeTask(stream, "nobackup")).partitions[0]).toMatchObject({ last_transfer_offset: 1, discard: 1 });
  });

  it("retries an unreachable OpenTSDB for retry_duration, then backs the batch up and moves on", async () => {
    const metric = newMetric();
    const prefix = `bk_${metric.replace(/\./g, "_")}`;
    const stream = await newStream(1, { data_type: "JSON" });
    const taskId = await newOpenTsdbTask(stream, "down", metric, { cloudtable_cluster_name: "downcluster", retry_duration: 60 });
    await put(stream, json({ kind: "t", date: "2026/05/06 07:00:00", value: 1, name: "a", floor: 1 }));
    await cron(T);
    const failed = await describeTask(stream, "down");
    expect(failed.state).toBe("ABNORMAL");
    expect(failed.partitions[0].last_transfer_offset).toBe(-1);
    expect(await objectKeys(`${prefix}/`)).toEqual([]);

    await cron(T + MINUTE);
    const key = `${prefix}/opentsdb_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(0)}.txt.gz`;
    expect(await objectKeys(`${prefix}/`)).toEqual([key]);
    expect((await env.OBS_BUCKET.head(key))?.customMetadata?.reason).toContain("cannot be reached");
    const recovered = await describeTask(stream, "down");
    expect(recovered.state).toBe("RUNNING");
    expect(recovered.partitions[0].last_transfer_offset).toBe(0);
  });

  it("a batch repeated after a crash between the put and the task's progress adds no point twice", async () => {
    const metric = newMetric();
    const stream = await newStream(1, { data_type: "JSON" });
    await newOpenTsdbTask(stream, "once", metric);
    await put(stream, json({ kind: "t", date: "2026/05/06 07:00:00", value: 1, name: "a", floor: 1 }, { kind: "t", date: "2026/05/06 07:00:01", value: 2, name: "a", floor: 1 }));
    vi.spyOn(ProgressStore.prototype, "advance").mockImplementationOnce(() => {
      throw new Error("crashed before storing progress");
    });
    await cron(T);
    expect((await describeTask(stream, "once")).partitions[0]).toMatchObject({ state: "ABNORMAL", last_transfer_offset: -1 });
    await put(stream, json({ kind: "t", date: "2026/05/06 07:00:02", value: 3, name: "a", floor: 1 }));
    await cron(T + MINUTE);
    const base = at("2026/05/06 07:00:00");
    expect(await exported(metric)).toEqual([{ metric: { __name__: `${metric}.t`, floor: "1", name: "a" }, values: [1, 2, 3], timestamps: [base, base + 1000, base + 2000] }]);
    expect((await describeTask(stream, "once")).partitions[0]).toMatchObject({ state: "RUNNING", last_transfer_offset: 2 });
  });
});

describe("CloudTable OpenTSDB descriptors", () => {
  const create = async (change: Record<string, unknown>) => call("POST", tasksPath(await newStream(1, { data_type: "JSON" })), { body: openTsdbBody("bad", "m", change) });

  it("refuses a cluster the deployment does not provide with DIS.4341, an unknown backup bucket with DIS.4306", async () => {
    expectError(await create({ cloudtable_cluster_name: "nowhere" }), "DIS.4341");
    expectError(await create({ obs_backup_bucket_path: "no-such-bucket" }), "DIS.4306");
  });
});
