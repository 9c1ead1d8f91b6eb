import { env, runInDurableObject } from "cloudflare:test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProgressStore } from "../../src/transfers/progress-store";
import { taskStub } from "../../src/transfers/service";
import { call, expectError } from "../helpers/http";
import { b64, newStream, put } from "../helpers/records";
import { cron, describeTask, objectKeys, seq, tasksPath, textOf } from "../helpers/transfers";

/** Delivery times far from the real clock, so each delivery is due. */
const T = Date.UTC(2031, 4, 6, 7, 8, 9);
const MINUTE = 60_000;

let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ host: "127.0.0.1", port: Number(env.TEST_PG_PORT), user: "dbadmin", password: env.TEST_PG_PASSWORD, database: "dis_test" });
  db.on("error", () => {});
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

function dwsBody(taskName: string, table: string, change: Record<string, unknown> = {}) {
  return {
    destination_type: "DWS",
    dws_destination_descriptor: {
      task_name: taskName,
      consumer_strategy: "TRIM_HORIZON",
      agency_name: "dis_admin_agency",
      dws_cluster_name: "dwscluster",
      dws_cluster_id: "f82dc227-3691-47eb-bca7-e7851f509b2a",
      dws_database_name: "dis_test",
      dws_schema: "public",
      dws_table_name: table,
      dws_delimiter: ",",
      user_name: "dbadmin",
      user_password: env.TEST_PG_PASSWORD,
      kms_user_key_name: "kmskey",
      kms_user_key_id: "1e759f06-9188-4d21-afab-a75e57c04d2b",
      obs_bucket_path: "obsbucket",
      file_prefix: `dws_${table}`,
      deliver_time_interval: 60,
      retry_duration: 60,
      ...change,
    },
  };
}

async function newDwsTask(stream: string, taskName: string, table: string, change: Record<string, unknown> = {}): Promise<string> {
  const reply = await call("POST", tasksPath(stream), { body: dwsBody(taskName, table, change) });
  expect(reply.status, reply.text).toBe(201);
  return (await describeTask(stream, taskName)).task_id;
}

let tables = 0;
async function newTable(columns: string): Promise<string> {
  const name = `readings_${Date.now().toString(36)}_${tables++}`;
  await db.query(`CREATE TABLE public.${name} (${columns})`);
  return name;
}

async function rows(table: string, order = "id"): Promise<Record<string, unknown>[]> {
  return (await db.query(`SELECT * FROM public.${table} ORDER BY ${order}`)).rows;
}

const lines = (...texts: string[]) => texts.map((t) => ({ data: b64(t) }));

describe("DWS delivery", () => {
  it("inserts CSV records as rows; a row the table refuses goes to dws_error/ within reject_limit", async () => {
    const table = await newTable("id int PRIMARY KEY, name text, temp double precision");
    const stream = await newStream(1);
    const taskId = await newDwsTask(stream, "to_dws", table, { options: { reject_limit: "1" } });
    expect((await put(stream, lines("1,alpha,21.5", "2,beta,", "three,gamma,1", "4,\"d,elta\",-3"))).json.failed_record_count).toBe(0);

    await cron(T);
    expect(await rows(table)).toEqual([
      { id: 1, name: "alpha", temp: 21.5 },
      { id: 2, name: "beta", temp: null },
      { id: 4, name: "d,elta", temp: -3 },
    ]);
    const errorKey = `dws_${table}/dws_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(2)}_${seq(2)}.txt.gz`;
    expect(await objectKeys(`dws_${table}/`)).toEqual([errorKey]);
    expect(await textOf(errorKey)).toBe("three,gamma,1");
    expect((await env.OBS_BUCKET.head(errorKey))?.customMetadata?.reason).toContain("invalid input syntax for type integer");

    const described = await describeTask(stream, "to_dws");
    expect(described).toMatchObject({ destination_type: "DWS", state: "RUNNING", last_transfer_timestamp: T });
    expect(described.partitions[0]).toMatchObject({ last_transfer_offset: 3, discard: 0 });
    const description = described.dws_destination_description;
    expect(described.dws_destination_descripton).toEqual(description);
    expect(description).toMatchObject({
      task_name: "to_dws",
      dws_cluster_name: "dwscluster",
      dws_table_name: table,
      dws_delimiter: ",",
      user_name: "dbadmin",
      kms_user_key_name: "kmskey",
      retry_duration: 60,
      dws_table_columns: "",
      options: { fill_missing_fields: "false", ignore_extra_data: "false", compatible_illegal_chars: "false", reject_limit: "1" },
    });
    expect(JSON.stringify(described)).not.toContain(env.TEST_PG_PASSWORD);
    expect(description).not.toHaveProperty("user_password");
  });

  it("maps JSON records by field, into dws_table_columns, with fill_missing_fields and ignore_extra_data", async () => {
    const table = await newTable("id int PRIMARY KEY, device text, reading jsonb, note text DEFAULT 'none'");
    const stream = await newStream(1, { data_type: "JSON" });
    await newDwsTask(stream, "json_rows", table, { dws_table_columns: "id,device,reading", options: { fill_missing_fields: "on", ignore_extra_data: "true" } });
    const records = [{ id: 1, device: "d1", reading: { t: 1 }, extra: true }, { id: 2 }];
    expect((await put(stream, records.map((r) => ({ data: b64(JSON.stringify(r)) })))).json.failed_record_count).toBe(0);
    await cron(T);
    expect(await rows(table)).toEqual([
      { id: 1, device: "d1", reading: { t: 1 }, note: "none" },
      { id: 2, device: null, reading: null, note: "none" },
    ]);
  });

  it("keeps refused records in options.error_table_name instead of dws_error/", async () => {
    const table = await newTable("id int PRIMARY KEY, name text");
    const stream = await newStream(1);
    const taskId = await newDwsTask(stream, "errs", table, { options: { reject_limit: "unlimited", error_table_name: `${table}_err` } });
    await put(stream, lines("1,a", "x,b", "3,c,extra"));
    await cron(T);
    expect(await rows(table)).toEqual([{ id: 1, name: "a" }]);
    const errors = (await db.query(`SELECT task_id, partition_id, sequence_number, record, error FROM public.${table}_err ORDER BY sequence_number`)).rows;
    expect(errors.map((e) => [e.task_id, e.partition_id, e.sequence_number, e.record])).toEqual([
      [taskId, "shardId-0000000000", "1", "x,b"],
      [taskId, "shardId-0000000000", "2", "3,c,extra"],
    ]);
    expect(errors[1].error).toContain("ignore_extra_data is off");
    expect(await objectKeys(`dws_${table}/`)).toEqual([]);
  });

  it("fails the batch past reject_limit, retries it for retry_duration, then backs it up whole and moves on", async () => {
    const table = await newTable("id int PRIMARY KEY, name text");
    const stream = await newStream(1);
    const taskId = await newDwsTask(stream, "strict", table);
    await put(stream, lines("1,a", "two,b"));
    await cron(T);
    expect(await rows(table)).toEqual([]);
    let described = await describeTask(stream, "strict");
    expect(described.state).toBe("ABNORMAL");
    expect(described.partitions[0].last_transfer_offset).toBe(-1);

    await put(stream, lines("3,c"));
    await cron(T + MINUTE);
    const key = `dws_${table}/dws_error/2031/05/06/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(2)}.txt.gz`;
    expect(await objectKeys(`dws_${table}/`)).toEqual([key]);
    expect(await textOf(key)).toBe("1,a\ntwo,b\n3,c");
    described = await describeTask(stream, "strict");
    expect(described.state).toBe("RUNNING");
    expect(described.partitions[0].last_transfer_offset).toBe(2);

    await put(stream, lines("4,d"));
    await cron(T + 2 * MINUTE);
    expect(await rows(table)).toEqual([{ id: 4, name: "d" }]);
  });

  it("retries a missing table until it exists, within retry_duration", async () => {
    const table = `later_${Date.now().toString(36)}`;
    const stream = await newStream(1);
    await newDwsTask(stream, "later", table, { retry_duration: 3600 });
    await put(stream, lines("1,a"));
    await cron(T);
    expect((await describeTask(stream, "later")).state).toBe("ABNORMAL");
    await db.query(`CREATE TABLE public.${table} (id int PRIMARY KEY, name text)`);
    await cron(T + MINUTE);
    expect(await rows(table)).toEqual([{ id: 1, name: "a" }]);
    expect((await describeTask(stream, "later")).state).toBe("RUNNING");
  });

  it("a batch repeated after a crash between the commit and the task's progress inserts no row twice", async () => {
    const table = await newTable("id int, name text");
    const stream = await newStream(1);
    const taskId = await newDwsTask(stream, "once", table);
    await put(stream, lines("1,a", "2,b"));
    await cron(T);
    // The crash: the table holds the batch, the task object's progress never moved.
    await runInDurableObject(taskStub(env, taskId), (_instance, state) => new ProgressStore(state.storage.sql).advance(0, 0, 0, 0));
    expect((await describeTask(stream, "once")).partitions[0].last_transfer_offset).toBe(-1);
    await put(stream, lines("3,c"));
    await cron(T + MINUTE);
    expect(await rows(table)).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
      { id: 3, name: "c" },
    ]);
    expect((await describeTask(stream, "once")).partitions[0].last_transfer_offset).toBe(2);
  });
});

describe("DWS descriptors", () => {
  const create = async (change: Record<string, unknown>) => call("POST", tasksPath(await newStream(1)), { body: dwsBody("bad", "t", change) });

  it("refuses a cluster the deployment does not provide with DIS.4350 and an unknown bucket with DIS.4306", async () => {
    expectError(await create({ dws_cluster_name: "nowhere" }), "DIS.4350");
    expectError(await create({ obs_bucket_path: "no-such-bucket" }), "DIS.4306");
  });

  it.each([
    ["dws_delimiter", { dws_delimiter: "#" }],
    ["without user_password", { user_password: null }],
    ["without kms_user_key_id", { kms_user_key_id: null }],
    ["without dws_schema", { dws_schema: null }],
    ["a table name", { dws_table_name: "a;drop" }],
    ["dws_table_columns", { dws_table_columns: "a,b c" }],
    ["retry_duration", { retry_duration: 7201 }],
    ["options.fill_missing_fields", { options: { fill_missing_fields: "yes" } }],
    ["options.reject_limit", { options: { reject_limit: "-1" } }],
  ])("refuses %s with DIS.4200 naming the field", async (_what, change) => {
    const reply = await create(change);
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("dws_destination_descriptor.");
  });

  it("takes the reference's example spellings: retry_duration as a string, an empty dws_delimiter", async () => {
    const reply = await create({ retry_duration: "1800", dws_delimiter: "" });
    expect(reply.status, reply.text).toBe(201);
  });
});
