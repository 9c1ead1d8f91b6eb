import { describe, expect, it } from "vitest";
import { DEV_READER } from "../../src/identity/provision";
import { call, expectError, PROJECT } from "../helpers/http";
import { newStream } from "../helpers/records";
import { describeTask, newTask, taskBody, tasksPath } from "../helpers/transfers";

const jsonSchema = JSON.stringify({ type: "record", name: "R", fields: [{ name: "a", type: "string" }] });

function create(stream: string, body: unknown) {
  return call("POST", tasksPath(stream), { body });
}

describe("create transfer task", () => {
  it("answers 201 with no body and the task shows with its settings normalized", async () => {
    const stream = await newStream(1);
    const reply = await create(stream, taskBody("t-1_x", { deliver_time_interval: "30", record_delimiter: "\\n", file_prefix: "a/b", partition_format: "yyyy/MM" }));
    expect(reply.status, reply.text).toBe(201);
    expect(reply.text).toBe("");
    const task = await describeTask(stream, "t-1_x");
    expect(task).toMatchObject({ stream_name: stream, task_name: "t-1_x", destination_type: "OBS", state: "RUNNING", last_transfer_timestamp: 0 });
    expect(task.stream_id).toBe((await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id);
    expect(task.task_id).toMatch(/^[A-Za-z0-9]{19}$/);
    expect(task.create_time).toBeGreaterThan(Date.now() - 60_000);
    expect(task.obs_destination_description).toEqual({
      task_name: "t-1_x",
      agency_name: "dis_admin_agency",
      deliver_time_interval: 30,
      consumer_strategy: "LATEST",
      file_prefix: "a/b",
      partition_format: "yyyy/MM",
      obs_bucket_path: "obsbucket",
      destination_file_type: "text",
      record_delimiter: "\n",
      retry_duration: 0,
    });
    expect(task.partitions).toEqual([
      {
        status: "ACTIVE",
        partition_id: "shardId-0000000000",
        partitionId: "shardId-0000000000",
        hash_range: "[0 : 9223372036854775807]",
        sequence_number_range: "[0 : 0]",
        state: "RUNNING",
        last_transfer_timestamp: 0,
        last_transfer_offset: -1,
        discard: 0,
      },
    ]);
  });

  it("defaults: 300 seconds, LATEST, no prefix or time directories, text, newline", async () => {
    const stream = await newStream(1);
    const body = { destination_type: "OBS", obs_destination_descriptor: { task_name: "d", agency_name: "ag", obs_bucket_path: "obsbucket", processing_schema: null } };
    expect((await create(stream, body)).status).toBe(201);
    expect((await describeTask(stream, "d")).obs_destination_description).toEqual({
      task_name: "d",
      agency_name: "ag",
      deliver_time_interval: 300,
      consumer_strategy: "LATEST",
      file_prefix: "",
      partition_format: "",
      obs_bucket_path: "obsbucket",
      destination_file_type: "text",
      record_delimiter: "\n",
      retry_duration: 0,
    });
  });

  it.each([
    ["task_name with a dot", { task_name: "a.b" }],
    ["task_name of 65 characters", { task_name: "a".repeat(65) }],
    ["empty agency_name", { agency_name: "" }],
    ["deliver_time_interval 29", { deliver_time_interval: 29 }],
    ["deliver_time_interval 901", { deliver_time_interval: 901 }],
    ["deliver_time_interval 60.5", { deliver_time_interval: 60.5 }],
    ["consumer_strategy", { consumer_strategy: "EARLIEST" }],
    ["file_prefix starting with /", { file_prefix: "/a" }],
    ["file_prefix with a dash", { file_prefix: "a-b" }],
    ["file_prefix of 51 characters", { file_prefix: "a".repeat(51) }],
    ["partition_format", { partition_format: "yyyy/dd" }],
    ["record_delimiter", { record_delimiter: "\t" }],
    ["destination_file_type", { destination_file_type: "csv" }],
    ["processing_schema without timestamp_name", { processing_schema: { timestamp_type: "Timestamp" } }],
    ["processing_schema timestamp_type", { processing_schema: { timestamp_name: "t", timestamp_type: "Date" } }],
    ["processing_schema String without format", { processing_schema: { timestamp_name: "t", timestamp_type: "String" } }],
    ["processing_schema format", { processing_schema: { timestamp_name: "t", timestamp_type: "String", timestamp_format: "yyyyMMdd" } }],
  ])("refuses %s with DIS.4200", async (_what, change) => {
    const stream = await newStream(1);
    const reply = await create(stream, taskBody("bad", change));
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("obs_destination_descriptor.");
  });

  it.each([
    ["without destination_type", { obs_destination_descriptor: taskBody("x").obs_destination_descriptor }],
    ["an unknown destination_type", { destination_type: "NOWHERE", obs_destination_descriptor: taskBody("x").obs_destination_descriptor }],
    ["OBS without its descriptor", { destination_type: "OBS" }],
    ["an empty MRS descriptor", { destination_type: "MRS", mrs_destination_descriptor: {} }],
    ["DWS without its descriptor", { destination_type: "DWS", obs_destination_descriptor: taskBody("x").obs_destination_descriptor }],
    ["without task_name", { destination_type: "OBS", obs_destination_descriptor: { agency_name: "a", obs_bucket_path: "obsbucket" } }],
    ["without agency_name", { destination_type: "OBS", obs_destination_descriptor: { task_name: "x", obs_bucket_path: "obsbucket" } }],
    ["without obs_bucket_path", { destination_type: "OBS", obs_destination_descriptor: { task_name: "x", agency_name: "a" } }],
  ])("refuses a body %s with DIS.4200", async (_what, body) => {
    expectError(await create(await newStream(1), body), "DIS.4200");
  });

  it("refuses carbon, naming the file types this deployment writes", async () => {
    const stream = await newStream(1, { data_type: "JSON", data_schema: jsonSchema });
    const reply = await create(stream, taskBody("c", { destination_file_type: "carbon" }));
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("supported: text, parquet");
  });

  it("takes parquet only for JSON streams with a record data_schema", async () => {
    expectError(await create(await newStream(1), taskBody("p", { destination_file_type: "parquet" })), "DIS.4200");
    expectError(await create(await newStream(1, { data_type: "JSON" }), taskBody("p", { destination_file_type: "parquet" })), "DIS.4200");
    expect((await create(await newStream(1, { data_type: "JSON", data_schema: jsonSchema }), taskBody("p", { destination_file_type: "parquet" }))).status).toBe(201);
  });

  it("refuses a bucket the deployment does not provide with DIS.4306", async () => {
    expectError(await create(await newStream(1), taskBody("b", { obs_bucket_path: "no-such-bucket" })), "DIS.4306");
  });

  it("refuses a duplicate name with DIS.4355 and a sixth task with DIS.4357", async () => {
    const stream = await newStream(1);
    for (let i = 0; i < 5; i++) expect((await create(stream, taskBody(`t${i}`))).status).toBe(201);
    expectError(await create(stream, taskBody("t0")), "DIS.4355");
    expectError(await create(stream, taskBody("t5")), "DIS.4357");
    const list = await call("GET", tasksPath(stream));
    expect(list.json).toMatchObject({ total_number: 5, quota: 5 });
  });

  it("answers DIS.4301 for an unknown stream, DIS.4300 for malformed JSON, 403 for a read-only user", async () => {
    expectError(await create("no-such-stream", taskBody("x")), "DIS.4301");
    const stream = await newStream(1);
    expectError(await call("POST", tasksPath(stream), { raw: "{" }), "DIS.4300");
    const reader = { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey };
    expectError(await call("POST", tasksPath(stream), { body: taskBody("x"), keys: reader }), "DIS.4116", 403);
    expect((await call("GET", tasksPath(stream), { keys: reader })).status).toBe(200);
  });
});

describe("list, describe, delete", () => {
  it("lists every task with its state and times", async () => {
    const stream = await newStream(1);
    const a = await newTask(stream, "a");
    const b = await newTask(stream, "b", { consumer_strategy: "TRIM_HORIZON" });
    const list = await call("GET", tasksPath(stream));
    expect(list.status).toBe(200);
    expect(list.json.total_number).toBe(2);
    expect(list.json.quota).toBe(5);
    expect(list.json.tasks.map((t: Record<string, unknown>) => Object.keys(t).sort())).toEqual([
      ["create_time", "destination_type", "last_transfer_timestamp", "state", "task_id", "task_name"],
      ["create_time", "destination_type", "last_transfer_timestamp", "state", "task_id", "task_name"],
    ]);
    expect(list.json.tasks.map((t: Record<string, unknown>) => [t.task_id, t.task_name, t.destination_type, t.state, t.last_transfer_timestamp])).toEqual([
      [a, "a", "OBS", "RUNNING", 0],
      [b, "b", "OBS", "RUNNING", 0],
    ]);
    const [first, second] = list.json.tasks;
    expect(first.create_time).toBe((await describeTask(stream, "a")).create_time);
    expect(second.create_time).toBeGreaterThanOrEqual(first.create_time);
  });

  it("describes and deletes by name; unknown names are DIS.4354", async () => {
    const stream = await newStream(1);
    await newTask(stream, "gone");
    expectError(await call("GET", tasksPath(stream, "/nope")), "DIS.4354");
    expectError(await call("DELETE", tasksPath(stream, "/nope")), "DIS.4354");
    const deleted = await call("DELETE", tasksPath(stream, "/gone"));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectError(await call("GET", tasksPath(stream, "/gone")), "DIS.4354");
    expect((await call("GET", tasksPath(stream))).json.total_number).toBe(0);
    // The name is free again.
    expect((await create(stream, taskBody("gone"))).status).toBe(201);
  });
});

describe("start and stop", () => {
  it("changes every task named, or none when one id is unknown", async () => {
    const stream = await newStream(1);
    const a = await newTask(stream, "a");
    const b = await newTask(stream, "b");
    const action = (body: unknown) => call("POST", tasksPath(stream, "/action"), { body });
    const stop = await action({ action: "stop", tasks: [{ id: a }, { id: b }] });
    expect(stop.status).toBe(200);
    expect(stop.text).toBe("");
    expect((await call("GET", tasksPath(stream))).json.tasks.map((t: Record<string, unknown>) => t.state)).toEqual(["PAUSED", "PAUSED"]);
    expectError(await action({ action: "start", tasks: [{ id: a }, { id: "unknown" }] }), "DIS.4354");
    expect((await describeTask(stream, "a")).state).toBe("PAUSED");
    expect((await action({ action: "start", tasks: [{ id: a }] })).status).toBe(200);
    expect((await call("GET", tasksPath(stream))).json.tasks.map((t: Record<string, unknown>) => t.state)).toEqual(["RUNNING", "PAUSED"]);
  });

  it.each([
    ["an unknown action", { action: "pause", tasks: [{ id: "x" }] }],
    ["no tasks", { action: "start", tasks: [] }],
    ["a task without id", { action: "start", tasks: [{}] }],
  ])("refuses %s with DIS.4200", async (_what, body) => {
    const stream = await newStream(1);
    expectError(await call("POST", tasksPath(stream, "/action"), { body }), "DIS.4200");
  });

  it("a task of another stream is DIS.4354", async () => {
    const other = await newStream(1);
    const id = await newTask(other, "theirs");
    const stream = await newStream(1);
    expectError(await call("POST", tasksPath(stream, "/action"), { body: { action: "stop", tasks: [{ id }] } }), "DIS.4354");
  });
});

describe("update transfer task", () => {
  it("replaces the settings of the task named in the body and keeps its id and state", async () => {
    const stream = await newStream(1);
    const id = await newTask(stream, "u");
    const reply = await call("PUT", tasksPath(stream), { body: taskBody("u", { deliver_time_interval: 900, file_prefix: "new", record_delimiter: ";" }) });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toBe("");
    const task = await describeTask(stream, "u");
    expect(task.task_id).toBe(id);
    expect(task.obs_destination_description).toMatchObject({ deliver_time_interval: 900, file_prefix: "new", record_delimiter: ";" });
    expectError(await call("PUT", tasksPath(stream), { body: taskBody("missing") }), "DIS.4354");
    expectError(await call("PUT", tasksPath(stream), { body: taskBody("u", { deliver_time_interval: 10 }) }), "DIS.4200");
  });
});
