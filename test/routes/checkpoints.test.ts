import { createExecutionContext, createScheduledController, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client";
import { checkpointPurges } from "../../src/db/schema";
import worker from "../../src/index";
import { partitionStub } from "../../src/partition/stubs";
import { call, PROJECT, uniqueName, expectError } from "../helpers/http";
import { b64, cursor, get, newStream, put, utf8 } from "../helpers/records";

const CHECKPOINTS = `/v2/${PROJECT}/checkpoints`;


async function createApp() {
  const name = uniqueName("app");
  expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: name } })).status).toBe(201);
  return name;
}

function commit(body: Record<string, unknown>) {
  return call("POST", CHECKPOINTS, { body: { checkpoint_type: "LAST_READ", ...body } });
}

function getCheckpoint(app: string, stream: string, partition: string) {
  return call("GET", `${CHECKPOINTS}?${new URLSearchParams({ app_name: app, stream_name: stream, partition_id: partition, checkpoint_type: "LAST_READ" })}`);
}

describe("commit and get checkpoint", () => {
  it("commits 201, gets 200 with the sequence number and metadata; -1 and \"\" where none", async () => {
    const app = await createApp();
    const stream = await newStream(2);
    await put(stream, [{ data: b64("a") }, { data: b64("b") }, { data: b64("c") }].map((r) => ({ ...r, partition_id: "1" })));
    expect((await getCheckpoint(app, stream, "1")).json).toEqual({ sequence_number: "-1", metadata: "", metaData: "" });

    const reply = await commit({ app_name: app, stream_name: stream, partition_id: "shardId-0000000001", sequence_number: "2", metadata: "元数据" });
    expect(reply.status).toBe(201);
    expect(reply.text).toBe("");
    const got = await getCheckpoint(app, stream, "1");
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ sequence_number: "2", metadata: "元数据", metaData: "元数据" });
    expect((await getCheckpoint(app, stream, "shardId-0000000000")).json).toEqual({ sequence_number: "-1", metadata: "", metaData: "" });

    expect((await commit({ app_name: app, stream_name: stream, partition_id: 1, sequence_number: 1 })).status).toBe(201);
    expect((await getCheckpoint(app, stream, "1")).json).toEqual({ sequence_number: "1", metadata: "", metaData: "" });
  });

  it("requires the sequence number to lie in the partition's range: DIS.4224", async () => {
    const app = await createApp();
    const stream = await newStream();
    await put(stream, [{ data: b64("a") }, { data: b64("b") }]);
    expect((await commit({ app_name: app, stream_name: stream, partition_id: "0", sequence_number: "2" })).status).toBe(201);
    expectError(await commit({ app_name: app, stream_name: stream, partition_id: "0", sequence_number: "3" }), "DIS.4224");
  });

  it.each([
    ["checkpoint_type LAST_WRITE", { checkpoint_type: "LAST_WRITE" }, "DIS.4200"],
    ["metadata over 1000 characters", { metadata: "m".repeat(1001) }, "DIS.4200"],
    ["no sequence number", { sequence_number: undefined }, "DIS.4200"],
    ["a sequence number that is not a number", { sequence_number: "abc" }, "DIS.4216"],
    ["a malformed partition", { partition_id: "p0" }, "DIS.4201"],
    ["an unknown partition", { partition_id: "5" }, "DIS.4302"],
    ["an unknown app", { app_name: "nope" }, "DIS.4332"],
    ["an unknown stream", { stream_name: "nope" }, "DIS.4301"],
  ])("commit with %s: %s", async (_label, change, code) => {
    const app = await createApp();
    const stream = await newStream();
    await put(stream, [{ data: b64("a") }]);
    expectError(await commit({ app_name: app, stream_name: stream, partition_id: "0", sequence_number: "0", ...change }), code);
  });

  it("get checkpoint rejects missing parameters and unknown names", async () => {
    const app = await createApp();
    const stream = await newStream();
    expectError(await call("GET", `${CHECKPOINTS}?app_name=${app}&stream_name=${stream}&checkpoint_type=LAST_READ`), "DIS.4200");
    expectError(await call("GET", `${CHECKPOINTS}?app_name=${app}&stream_name=${stream}&partition_id=0`), "DIS.4200");
    expectError(await getCheckpoint("nope", stream, "0"), "DIS.4332");
    expectError(await getCheckpoint(app, "nope", "0"), "DIS.4301");
    expectError(await getCheckpoint(app, stream, "9"), "DIS.4302");
  });
});

describe("delete checkpoint", () => {
  it("deletes one partition's checkpoint, or every partition's without partition_id", async () => {
    const app = await createApp();
    const stream = await newStream(3);
    await put(stream, [0, 1, 2].map((p) => ({ data: b64("x"), partition_id: String(p) })));
    for (const p of ["0", "1", "2"]) expect((await commit({ app_name: app, stream_name: stream, partition_id: p, sequence_number: "0" })).status).toBe(201);

    const base = { app_name: app, stream_name: stream, checkpoint_type: "LAST_READ" };
    expect((await call("DELETE", `${CHECKPOINTS}?${new URLSearchParams({ ...base, partition_id: "1" })}`)).status).toBe(204);
    expect((await getCheckpoint(app, stream, "1")).json.sequence_number).toBe("-1");
    expect((await getCheckpoint(app, stream, "0")).json.sequence_number).toBe("0");

    expect((await call("DELETE", `${CHECKPOINTS}?${new URLSearchParams(base)}`)).status).toBe(204);
    for (const p of ["0", "1", "2"]) expect((await getCheckpoint(app, stream, p)).json.sequence_number).toBe("-1");
    expect((await call("DELETE", `${CHECKPOINTS}?${new URLSearchParams(base)}`)).status).toBe(204);
  });

  it("rejects unknown names and types; a missing type is LAST_READ", async () => {
    const app = await createApp();
    const stream = await newStream();
    expect((await call("DELETE", `${CHECKPOINTS}?app_name=${app}&stream_name=${stream}`)).status).toBe(204);
    expectError(await call("DELETE", `${CHECKPOINTS}?app_name=${app}&stream_name=${stream}&checkpoint_type=LAST_WRITE`), "DIS.4200");
    expectError(await call("DELETE", `${CHECKPOINTS}?app_name=nope&stream_name=${stream}&checkpoint_type=LAST_READ`), "DIS.4332");
    expectError(await call("DELETE", `${CHECKPOINTS}?app_name=${app}&stream_name=nope&checkpoint_type=LAST_READ`), "DIS.4301");
    expectError(await call("DELETE", `${CHECKPOINTS}?app_name=${app}&stream_name=${stream}&checkpoint_type=LAST_READ&partition_id=4`), "DIS.4302");
  });
});

describe("consumers", () => {
  it("put → cursor → get → commit → restart from the checkpoint sees only new records", async () => {
    const app = await createApp();
    const stream = await newStream();
    await put(stream, ["one", "two", "three"].map((t) => ({ data: b64(t) })));

    // First run: read everything, commit the last record read.
    const first = await get(await cursor(stream, "0", "TRIM_HORIZON"));
    const seen = first.json.records.map((r: { data: string }) => utf8(r.data));
    expect(seen).toEqual(["one", "two", "three"]);
    const last = first.json.records.at(-1).sequence_number;
    expect((await commit({ app_name: app, stream_name: stream, partition_id: "0", sequence_number: last })).status).toBe(201);

    await put(stream, ["four", "five"].map((t) => ({ data: b64(t) })));

    // Restart: resume after the checkpoint.
    const checkpoint = (await getCheckpoint(app, stream, "0")).json.sequence_number;
    const resumed = await get(await cursor(stream, "0", "AFTER_SEQUENCE_NUMBER", { "starting-sequence-number": checkpoint }));
    expect(resumed.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["four", "five"]);
  });

  it("deleting the stream leaves no checkpoint behind for a stream re-created under its name", async () => {
    const app = await createApp();
    const stream = await newStream();
    await put(stream, [{ data: b64("a") }]);
    expect((await commit({ app_name: app, stream_name: stream, partition_id: "0", sequence_number: "0" })).status).toBe(201);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${stream}`)).status).toBe(204);
    expect((await call("GET", `/v2/${PROJECT}/apps/${app}`)).json.commit_checkpoint_stream_names).toEqual([]);
    expect((await call("POST", `/v2/${PROJECT}/streams`, { body: { stream_name: stream, partition_count: 1 } })).status).toBe(201);
    expect((await getCheckpoint(app, stream, "0")).json).toEqual({ sequence_number: "-1", metadata: "", metaData: "" });
  });

  it("the cron trigger finishes an interrupted checkpoint purge", async () => {
    const app = await createApp();
    const stream = await newStream(2);
    await put(stream, [{ data: b64("a"), partition_id: "1" }]);
    expect((await commit({ app_name: app, stream_name: stream, partition_id: "1", sequence_number: "0" })).status).toBe(201);
    const appId = (await call("GET", `/v2/${PROJECT}/apps/${app}`)).json.app_id;
    const streamId = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id;

    // As if the app's deletion had stopped right after its transaction.
    const db = openDb(env.DB);
    await db.insert(checkpointPurges).values({ appId, streamId, partitionCount: 2, createdAt: 0 });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await db.select().from(checkpointPurges)).toEqual([]);
    const left = await runInDurableObject(partitionStub(env, streamId, 1), (_i, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM checkpoints WHERE app_id = ?", appId).one().n,
    );
    expect(left).toBe(0);
  });
});
