import { createExecutionContext, createScheduledController, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client";
import { partitionPurges } from "../../src/db/schema";
import worker from "../../src/index";
import { partitionStub } from "../../src/partition/stubs";
import { call, PROJECT, uniqueName, expectError } from "../helpers/http";

const STREAMS = `/v2/${PROJECT}/streams`;

async function create(body: Record<string, unknown>) {
  return call("POST", STREAMS, { body });
}

async function describeStream(name: string, query = "") {
  return call("GET", `${STREAMS}/${name}${query}`);
}


describe("create stream", () => {
  it("answers 201 and applies the defaults", async () => {
    const name = uniqueName();
    const reply = await create({ stream_name: name, partition_count: 1 });
    expect(reply.status).toBe(201);
    expect(reply.text).toBe("");
    const d = (await describeStream(name)).json;
    expect(d).toMatchObject({
      stream_name: name,
      stream_type: "COMMON",
      data_type: "BLOB",
      retention_period: 24,
      status: "RUNNING",
      auto_scale_enabled: false,
      auto_scale_min_partition_count: 0,
      auto_scale_max_partition_count: 0,
      writable_partition_count: 1,
      readable_partition_count: 1,
      tags: [],
      sys_tags: [],
      update_partition_counts: [],
      has_more_partitions: false,
    });
    expect(d.stream_id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(d.partitions).toEqual([
      { status: "ACTIVE", partition_id: "shardId-0000000000", hash_range: "[0 : 9223372036854775807]", sequence_number_range: "[0 : 0]" },
    ]);
  });

  it("keeps every optional setting", async () => {
    const name = uniqueName();
    const schema = JSON.stringify({ type: "record", name: "R", fields: [{ name: "key1", type: "string" }] });
    const reply = await create({
      stream_name: name,
      partition_count: 2,
      stream_type: "ADVANCED",
      data_type: "JSON",
      data_duration: 72,
      auto_scale_enabled: true,
      auto_scale_min_partition_count: 1,
      auto_scale_max_partition_count: 4,
      data_schema: schema,
      compression_format: "gzip",
      csv_properties: { delimiter: "|" },
      tags: [{ key: "环境", value: "生产" }, { key: "team", value: "a.b" }],
      sys_tags: [{ key: "_sys_enterprise_project_id", value: "9f3a1c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a" }],
    });
    expect(reply.status).toBe(201);
    const d = (await describeStream(name)).json;
    expect(d).toMatchObject({
      stream_type: "ADVANCED",
      data_type: "JSON",
      retention_period: 72,
      auto_scale_enabled: true,
      auto_scale_min_partition_count: 1,
      auto_scale_max_partition_count: 4,
      data_schema: schema,
      compression_format: "gzip",
      csv_properties: { delimiter: "|" },
      tags: [{ key: "team", value: "a.b" }, { key: "环境", value: "生产" }],
      sys_tags: [{ key: "_sys_enterprise_project_id", value: "9f3a1c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a" }],
      writable_partition_count: 2,
    });
    expect((await call("DELETE", `${STREAMS}/${name}`)).status).toBe(204);
  });

  it.each([
    ["a name with a space", { stream_name: "a b", partition_count: 1 }],
    ["an empty name", { stream_name: "", partition_count: 1 }],
    ["a 65-character name", { stream_name: "a".repeat(65), partition_count: 1 }],
    ["no name", { partition_count: 1 }],
    ["no partition_count", { stream_name: "x" }],
    ["partition_count 0", { stream_name: "x", partition_count: 0 }],
    ["partition_count 1.5", { stream_name: "x", partition_count: 1.5 }],
    ["partition_count as text", { stream_name: "x", partition_count: "1" }],
    ["an unknown stream_type", { stream_name: "x", partition_count: 1, stream_type: "FAST" }],
    ["an unknown data_type", { stream_name: "x", partition_count: 1, data_type: "XML" }],
    ["data_duration 23", { stream_name: "x", partition_count: 1, data_duration: 23 }],
    ["data_duration 169", { stream_name: "x", partition_count: 1, data_duration: 169 }],
    ["an unknown compression_format", { stream_name: "x", partition_count: 1, compression_format: "lz4" }],
    ["a bad tag key", { stream_name: "x", partition_count: 1, tags: [{ key: "a b", value: "v" }] }],
    ["a 37-character tag key", { stream_name: "x", partition_count: 1, tags: [{ key: "k".repeat(37), value: "v" }] }],
    ["a bad tag value", { stream_name: "x", partition_count: 1, tags: [{ key: "k", value: "v/w" }] }],
    ["duplicate tag keys", { stream_name: "x", partition_count: 1, tags: [{ key: "k", value: "1" }, { key: "k", value: "2" }] }],
    ["a bad sys_tags key", { stream_name: "x", partition_count: 1, sys_tags: [{ key: "other", value: "9f3a1c2e-1b2d-4c3e-8f9a-0b1c2d3e4f5a" }] }],
    ["a sys_tags value that is no UUID", { stream_name: "x", partition_count: 1, sys_tags: [{ key: "_sys_enterprise_project_id", value: "x" }] }],
    ["auto-scale without bounds", { stream_name: "x", partition_count: 1, auto_scale_enabled: true }],
    ["auto-scale min above max", { stream_name: "x", partition_count: 2, auto_scale_enabled: true, auto_scale_min_partition_count: 3, auto_scale_max_partition_count: 2 }],
    ["a count outside the auto-scale bounds", { stream_name: "x", partition_count: 5, auto_scale_enabled: true, auto_scale_min_partition_count: 1, auto_scale_max_partition_count: 4 }],
    ["auto_scale_min_partition_count 0", { stream_name: "x", partition_count: 1, auto_scale_min_partition_count: 0 }],
  ])("rejects %s with DIS.4200", async (_label, body) => {
    expectError(await create(body), "DIS.4200");
  });

  it("rejects more than 10 tags with DIS.4601", async () => {
    const tags = Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    expectError(await create({ stream_name: uniqueName(), partition_count: 1, tags }), "DIS.4601");
  });

  it.each([
    ["not JSON", "{"],
    ["an undefined type", JSON.stringify({ type: "record", name: "R", fields: [{ name: "a", type: "Missing" }] })],
    ["a record without fields", JSON.stringify({ type: "record", name: "R" })],
  ])("rejects a data_schema that is %s with DIS.4360", async (_label, data_schema) => {
    expectError(await create({ stream_name: uniqueName(), partition_count: 1, data_type: "JSON", data_schema }), "DIS.4360");
  });

  it("rejects a duplicate name with DIS.4307", async () => {
    const name = uniqueName();
    expect((await create({ stream_name: name, partition_count: 1 })).status).toBe(201);
    expectError(await create({ stream_name: name, partition_count: 1 }), "DIS.4307");
  });

  it("enforces the partition quota per stream type with DIS.4308", async () => {
    expectError(await create({ stream_name: uniqueName(), partition_count: 11, stream_type: "ADVANCED" }), "DIS.4308");
    const first = uniqueName();
    expect((await create({ stream_name: first, partition_count: 6, stream_type: "ADVANCED" })).status).toBe(201);
    expectError(await create({ stream_name: uniqueName(), partition_count: 5, stream_type: "ADVANCED" }), "DIS.4308");
    const fits = uniqueName();
    expect((await create({ stream_name: fits, partition_count: 4, stream_type: "ADVANCED" })).status).toBe(201);
    await call("DELETE", `${STREAMS}/${first}`);
    await call("DELETE", `${STREAMS}/${fits}`);
    const again = uniqueName();
    expect((await create({ stream_name: again, partition_count: 10, stream_type: "ADVANCED" })).status).toBe(201);
    await call("DELETE", `${STREAMS}/${again}`);
  });
});

describe("list streams", () => {
  it("pages by name with start_stream_name exclusive", async () => {
    const prefix = `list-${Date.now().toString(36)}`;
    const names = [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`];
    for (const name of names) expect((await create({ stream_name: name, partition_count: 1 })).status).toBe(201);

    const first = await call("GET", `${STREAMS}?limit=2&start_stream_name=${prefix}`);
    expect(first.status).toBe(200);
    expect(first.json.stream_names).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(first.json.has_more_streams).toBe(true);
    expect(first.json.total_number).toBeGreaterThanOrEqual(3);
    const info = first.json.stream_info_list[0];
    expect(Object.keys(info).sort()).toEqual(
      [
        "auto_scale_enabled",
        "auto_scale_max_partition_count",
        "auto_scale_min_partition_count",
        "create_time",
        "data_type",
        "partition_count",
        "retention_period",
        "status",
        "stream_id",
        "stream_name",
        "stream_type",
        "sys_tags",
        "tags",
      ].sort(),
    );
    expect(info).toMatchObject({ stream_name: `${prefix}-a`, partition_count: 1, status: "RUNNING", stream_type: "COMMON", data_type: "BLOB", retention_period: 24 });

    const second = await call("GET", `${STREAMS}/?limit=2&start_stream_name=${prefix}-b`);
    expect(second.status).toBe(200);
    expect(second.json.stream_names[0]).toBe(`${prefix}-c`);
  });

  it("defaults to 10 per page", async () => {
    const reply = await call("GET", STREAMS);
    expect(reply.status).toBe(200);
    expect(reply.json.stream_names.length).toBeLessThanOrEqual(10);
    expect(reply.json.stream_names).toEqual([...reply.json.stream_names].sort());
  });

  it.each(["0", "101", "abc", "-1"])("rejects limit=%s with DIS.4200", async (limit) => {
    expectError(await call("GET", `${STREAMS}?limit=${limit}`), "DIS.4200");
  });
});

describe("describe stream", () => {
  it("pages partitions with either spelling of the start partition", async () => {
    const name = uniqueName();
    expect((await create({ stream_name: name, partition_count: 5 })).status).toBe(201);

    const all = (await describeStream(name)).json;
    expect(all.partitions.map((p: { partition_id: string }) => p.partition_id)).toEqual([0, 1, 2, 3, 4].map((i) => `shardId-000000000${i}`));
    let next = 0n;
    for (const p of all.partitions) {
      const [lo, hi] = p.hash_range.slice(1, -1).split(" : ").map(BigInt);
      expect(lo).toBe(next);
      next = hi + 1n;
    }
    expect(next).toBe(2n ** 63n);

    const page1 = (await describeStream(name, "?limit_partitions=2")).json;
    expect(page1.partitions.map((p: { partition_id: string }) => p.partition_id)).toEqual(["shardId-0000000000", "shardId-0000000001"]);
    expect(page1.has_more_partitions).toBe(true);
    const page2 = (await describeStream(name, "?limit_partitions=2&start_partition_id=shardId-0000000001")).json;
    expect(page2.partitions.map((p: { partition_id: string }) => p.partition_id)).toEqual(["shardId-0000000002", "shardId-0000000003"]);
    const page3 = (await describeStream(name, "?limit_partitions=2&start_partitionId=3")).json;
    expect(page3.partitions.map((p: { partition_id: string }) => p.partition_id)).toEqual(["shardId-0000000004"]);
    expect(page3.has_more_partitions).toBe(false);
    expect(page3.writable_partition_count).toBe(5);
    expect(page3.readable_partition_count).toBe(5);
  });

  it("answers with stream_id when it matches, DIS.4301 when not", async () => {
    const name = uniqueName();
    await create({ stream_name: name, partition_count: 1 });
    const id = (await describeStream(name)).json.stream_id;
    expect((await describeStream(name, `?stream_id=${id}`)).status).toBe(200);
    expectError(await describeStream(name, "?stream_id=other"), "DIS.4301");
  });

  it("rejects a bad start partition with DIS.4201 and bad limits with DIS.4200", async () => {
    const name = uniqueName();
    await create({ stream_name: name, partition_count: 1 });
    expectError(await describeStream(name, "?start_partition_id=shard-x"), "DIS.4201");
    expectError(await describeStream(name, "?limit_partitions=0"), "DIS.4200");
    expectError(await describeStream(name, "?limit_partitions=1001"), "DIS.4200");
  });

  it("an unknown stream is DIS.4301", async () => {
    expectError(await describeStream("no-such-stream"), "DIS.4301");
  });
});

describe("delete stream", () => {
  it("answers 204, erases the partition logs, and a re-created stream starts anew", async () => {
    const name = uniqueName();
    await create({ stream_name: name, partition_count: 2 });
    const oldId = (await describeStream(name)).json.stream_id;
    expect((await call("DELETE", `${STREAMS}/${name}/`)).status).toBe(204);
    expectError(await describeStream(name), "DIS.4301");

    expect((await create({ stream_name: name, partition_count: 1 })).status).toBe(201);
    const fresh = (await describeStream(name)).json;
    expect(fresh.stream_id).not.toBe(oldId);
    expect(fresh.partitions).toHaveLength(1);

    for (const index of [0, 1]) {
      const erased = await runInDurableObject(partitionStub(env, oldId, index), (log) => log.isErased());
      expect(erased).toBe(true);
    }
  });

  it("an unknown stream is DIS.4301", async () => {
    expectError(await call("DELETE", `${STREAMS}/no-such-stream`), "DIS.4301");
  });

  it("the cron trigger finishes an interrupted erase", async () => {
    const db = openDb(env.DB);
    const streamId = `interrupted${Date.now()}`;
    await db.insert(partitionPurges).values({ streamId, partitionCount: 3, createdAt: 0 });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await db.select().from(partitionPurges)).toEqual([]);
    const erased = await runInDurableObject(partitionStub(env, streamId, 2), (log) => log.isErased());
    expect(erased).toBe(true);
  });
});

describe("update stream", () => {
  it.each([
    ["PUT /v3/{project_id}/streams/{name}", (name: string) => `/v3/${PROJECT}/streams/${name}`],
    ["PUT /v2/{project_id}/streams/{name}/update/", (name: string) => `${STREAMS}/${name}/update/`],
  ])("%s answers 204 and changes the stream", async (_label, path) => {
    const name = uniqueName();
    await create({ stream_name: name, partition_count: 1 });
    const before = (await describeStream(name)).json;
    await new Promise((r) => setTimeout(r, 5));
    const schema = JSON.stringify({ type: "record", name: "R", fields: [{ name: "a", type: "int" }] });
    const reply = await call("PUT", path(name), {
      body: { stream_name: name, data_duration: 48, data_type: "JSON", data_schema: schema, auto_scale_enabled: true, auto_scale_min_partition_count: 1, auto_scale_max_partition_count: 3 },
    });
    expect(reply.status).toBe(204);
    const after = (await describeStream(name)).json;
    expect(after).toMatchObject({ retention_period: 48, data_type: "JSON", data_schema: schema, auto_scale_enabled: true, auto_scale_min_partition_count: 1, auto_scale_max_partition_count: 3 });
    expect(after.last_modified_time).toBeGreaterThan(before.last_modified_time);
    expect(after.create_time).toBe(before.create_time);
  });

  it("rejects bad input and unknown streams", async () => {
    const name = uniqueName();
    await create({ stream_name: name, partition_count: 1 });
    const path = `/v3/${PROJECT}/streams/${name}`;
    expectError(await call("PUT", path, { body: { stream_name: "other", data_duration: 48 } }), "DIS.4200");
    expectError(await call("PUT", path, { body: { stream_name: name, data_duration: 200 } }), "DIS.4200");
    expectError(await call("PUT", path, { body: { stream_name: name, data_schema: "{\"type\":\"nope\"}" } }), "DIS.4360");
    expectError(await call("PUT", path, { body: { stream_name: name, auto_scale_enabled: true } }), "DIS.4200");
    expectError(
      await call("PUT", path, { body: { stream_name: name, auto_scale_enabled: true, auto_scale_min_partition_count: 2, auto_scale_max_partition_count: 4 } }),
      "DIS.4200",
    );
    expectError(await call("PUT", path, { body: { data_duration: 48 } }), "DIS.4200");
    expectError(await call("PUT", `/v3/${PROJECT}/streams/nope`, { body: { stream_name: "nope", data_duration: 48 } }), "DIS.4301");
  });
});
