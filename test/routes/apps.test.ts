import { describe, expect, it } from "vitest";
import { call, PROJECT, uniqueName, expectError } from "../helpers/http";
import { b64, newStream, put } from "../helpers/records";

const APPS = `/v2/${PROJECT}/apps`;


async function createApp(name = uniqueName("app")) {
  const reply = await call("POST", APPS, { body: { app_name: name } });
  expect(reply.status, reply.text).toBe(201);
  return name;
}

function commit(app: string, stream: string, partition: string, sequence: string, metadata?: string) {
  const body: Record<string, unknown> = { app_name: app, stream_name: stream, partition_id: partition, sequence_number: sequence, checkpoint_type: "LAST_READ" };
  if (metadata !== undefined) body.metadata = metadata;
  return call("POST", `/v2/${PROJECT}/checkpoints`, { body });
}

describe("create app", () => {
  it("answers 201 and describe shows it", async () => {
    const name = await createApp();
    const reply = await call("GET", `${APPS}/${name}`);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json).sort()).toEqual(["app_id", "app_name", "commit_checkpoint_stream_names", "create_time"]);
    expect(reply.json.app_name).toBe(name);
    expect(reply.json.app_id).toMatch(/^[A-Za-z0-9]{17}$/);
    expect(reply.json.create_time).toBeGreaterThan(Date.now() - 60_000);
    expect(reply.json.commit_checkpoint_stream_names).toEqual([]);
  });

  it.each([
    ["an empty name", { app_name: "" }],
    ["a name with a dot", { app_name: "a.b" }],
    ["a 201-character name", { app_name: "a".repeat(201) }],
    ["no name", {}],
    ["a number", { app_name: 5 }],
  ])("rejects %s with DIS.4200", async (_label, body) => {
    expectError(await call("POST", APPS, { body }), "DIS.4200");
  });

  it("accepts a 200-character name", async () => {
    await createApp("a".repeat(200));
  });

  it("rejects a duplicate with DIS.4330", async () => {
    const name = await createApp();
    expectError(await call("POST", APPS, { body: { app_name: name } }), "DIS.4330");
  });
});

describe("list apps", () => {
  it("pages by name and filters by the stream committed on", async () => {
    const prefix = `list-${Date.now().toString(36)}`;
    for (const suffix of ["c", "a", "b"]) await createApp(`${prefix}-${suffix}`);
    const first = await call("GET", `${APPS}?limit=2&start_app_name=${prefix}`);
    expect(first.status).toBe(200);
    expect(first.json.apps.map((a: { app_name: string }) => a.app_name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(first.json.has_more_app).toBe(true);
    expect(first.json.total_number).toBeGreaterThanOrEqual(3);
    expect(Object.keys(first.json.apps[0]).sort()).toEqual(["app_id", "app_name", "commit_checkpoint_stream_names", "create_time"]);

    const stream = await newStream();
    await put(stream, [{ data: b64("x") }]);
    expect((await commit(`${prefix}-b`, stream, "0", "0")).status).toBe(201);
    const filtered = await call("GET", `${APPS}?stream_name=${stream}`);
    expect(filtered.json).toMatchObject({ total_number: 1, has_more_app: false });
    expect(filtered.json.apps[0]).toMatchObject({ app_name: `${prefix}-b`, commit_checkpoint_stream_names: [stream] });
  });

  it("rejects bad limits with DIS.4200 and an unknown stream filter with DIS.4301", async () => {
    expectError(await call("GET", `${APPS}?limit=0`), "DIS.4200");
    expectError(await call("GET", `${APPS}?limit=101`), "DIS.4200");
    expectError(await call("GET", `${APPS}?stream_name=nope`), "DIS.4301");
  });
});

describe("describe and delete app", () => {
  it("an unknown app is DIS.4332", async () => {
    expectError(await call("GET", `${APPS}/nope`), "DIS.4332");
    expectError(await call("DELETE", `${APPS}/nope`), "DIS.4332");
  });

  it("deleting an app deletes its checkpoints; a new app of the same name starts without any", async () => {
    const name = await createApp();
    const stream = await newStream(2);
    await put(stream, [{ data: b64("a"), partition_id: "0" }, { data: b64("b"), partition_id: "1" }]);
    expect((await commit(name, stream, "0", "1", "meta")).status).toBe(201);
    expect((await commit(name, stream, "1", "0")).status).toBe(201);
    expect((await call("DELETE", `${APPS}/${name}`)).status).toBe(204);
    expectError(await call("GET", `${APPS}/${name}`), "DIS.4332");

    await createApp(name);
    const q = (p: string) => `/v2/${PROJECT}/checkpoints?stream_name=${stream}&app_name=${name}&partition_id=${p}&checkpoint_type=LAST_READ`;
    expect((await call("GET", q("0"))).json).toEqual({ sequence_number: "-1", metadata: "", metaData: "" });
    expect((await call("GET", q("1"))).json).toEqual({ sequence_number: "-1", metadata: "", metaData: "" });
    expect((await call("GET", `${APPS}/${name}`)).json.commit_checkpoint_stream_names).toEqual([]);
  });
});

describe("consuming state", () => {
  it("one entry per partition with the committed position and the partition's offsets, paginated", async () => {
    const app = await createApp();
    const stream = await newStream(3);
    await put(stream, [0, 0, 0, 1].map((p, i) => ({ data: b64(String(i)), partition_id: String(p) })));
    expect((await commit(app, stream, "shardId-0000000000", "1")).status).toBe(201);

    const reply = await call("GET", `${APPS}/${app}/streams/${stream}?checkpoint_type=LAST_READ&limit=2`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      stream_name: stream,
      app_name: app,
      partition_consuming_states: [
        { partition_id: "0", sequence_number: "1", latest_offset: "3", earliest_offset: "0", checkpoint_type: "LAST_READ", status: "ACTIVE" },
        { partition_id: "1", sequence_number: "-1", latest_offset: "1", earliest_offset: "0", checkpoint_type: "LAST_READ", status: "ACTIVE" },
      ],
      has_more: true,
    });
    const rest = await call("GET", `${APPS}/${app}/streams/${stream}?checkpoint_type=LAST_READ&start_partition_id=shardId-0000000001`);
    expect(rest.json.partition_consuming_states.map((s: { partition_id: string }) => s.partition_id)).toEqual(["2"]);
    expect(rest.json.has_more).toBe(false);
  });

  it("rejects bad input and unknown names", async () => {
    const app = await createApp();
    const stream = await newStream();
    expectError(await call("GET", `${APPS}/${app}/streams/${stream}`), "DIS.4200");
    expectError(await call("GET", `${APPS}/${app}/streams/${stream}?checkpoint_type=LAST_WRITE`), "DIS.4200");
    expectError(await call("GET", `${APPS}/${app}/streams/${stream}?checkpoint_type=LAST_READ&limit=1001`), "DIS.4200");
    expectError(await call("GET", `${APPS}/${app}/streams/${stream}?checkpoint_type=LAST_READ&start_partition_id=x`), "DIS.4201");
    expectError(await call("GET", `${APPS}/nope/streams/${stream}?checkpoint_type=LAST_READ`), "DIS.4332");
    expectError(await call("GET", `${APPS}/${app}/streams/nope?checkpoint_type=LAST_READ`), "DIS.4301");
  });
});
