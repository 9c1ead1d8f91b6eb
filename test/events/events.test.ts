/** Events: each type recorded by the action that causes it, and the list operation's pages and filters. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { eventId, quotaCrossing } from "../../src/events/types";
import { forgetOldEvents } from "../../src/events/record";
import { events } from "../../src/db/schema";
import { findStream } from "../../src/streams/repository";
import { scaleStream } from "../../src/streams/scale";
import { openDb } from "../../src/db/client";
import { call, expectError, PROJECT, uniqueName } from "../helpers/http";
import { b64, newStream, put } from "../helpers/records";
import { cron, newTask, tasksPath } from "../helpers/transfers";

const EVENTS = `/v1/${PROJECT}/events`;

async function eventsOf(resourceName: string, extra: Record<string, string> = {}) {
  const reply = await call("GET", `${EVENTS}?${new URLSearchParams({ resource_name: resourceName, limit: "100", ...extra })}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.json.events as { event_type: string; level: string; resource_type: string; resource_name: string; resource_id: string; detail: Record<string, unknown>; time: number; event_id: string }[];
}
const types = async (name: string) => (await eventsOf(name)).map((e) => e.event_type).reverse();

describe("events", () => {
  it("streams: created, updated, scaled by hand and automatically, policy changed, deleted", async () => {
    const stream = await newStream(1);
    const id = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id as string;
    expect((await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_duration: 48 } })).status).toBe(204);
    expect((await call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, target_partition_count: 2 } })).status).toBe(200);
    // Automatic scaling goes the same way (on another stream: a stream scales once an hour at most in one direction).
    const auto = await newStream(1);
    await scaleStream(env, (await findStream(openDb(env.DB), PROJECT, auto))!, 2, true);
    const policy = { stream_id: id, principal_name: "devdomain2.*", action_type: "getRecords", effect: "accept" };
    expect((await call("POST", `/v2/${PROJECT}/streams/${stream}/policies`, { body: policy })).status).toBe(201);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${stream}/policies`)).status).toBe(204);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${stream}`)).status).toBe(204);

    const events = (await eventsOf(stream)).reverse();
    expect(events.map((e) => e.event_type)).toEqual([
      "STREAM_CREATED",
      "STREAM_UPDATED",
      "PARTITIONS_SCALED",
      "STREAM_POLICY_CHANGED",
      "STREAM_POLICY_CHANGED",
      "STREAM_DELETED",
    ]);
    expect(events[0]).toMatchObject({ level: "info", resource_type: "stream", resource_id: id, detail: { partition_count: 1, stream_type: "COMMON" } });
    expect(events[1]!.detail).toEqual({ changes: { data_duration: 48 } });
    expect(events[2]!.detail).toEqual({ from: 1, to: 2, auto_scale: false });
    expect(events[3]!.detail).toMatchObject({ action: "added", principal_names: ["devdomain2.*"], action_type: "getRecords" });
    expect(events[4]!.detail).toMatchObject({ action: "deleted" });
    expect(events[5]).toMatchObject({ level: "warning" });
    expect((await eventsOf(auto, { event_type: "PARTITIONS_SCALED" }))[0]!.detail).toEqual({ from: 1, to: 2, auto_scale: true });
    for (const e of events) expect(e.event_id).toMatch(/^\d{15}-[0-9A-Za-z]{10}$/);
  });

  it("apps: created and deleted", async () => {
    const app = uniqueName("ev");
    expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: app } })).status).toBe(201);
    expect((await call("DELETE", `/v2/${PROJECT}/apps/${app}`)).status).toBe(204);
    const events = await eventsOf(app);
    expect(events.map((e) => [e.event_type, e.resource_type])).toEqual([
      ["APP_DELETED", "app"],
      ["APP_CREATED", "app"],
    ]);
  });

  it("transfer tasks: created, stopped, started, abnormal, recovered, deleted; the per-stream quota at 80 % and reached", async () => {
    const schema = JSON.stringify({ type: "record", name: "R", fields: [{ name: "v", type: "int" }] });
    const stream = await newStream(1, { data_type: "JSON", data_schema: schema });
    const taskId = await newTask(stream, "pq", { destination_file_type: "parquet" });
    const ids = (await call("GET", tasksPath(stream))).json.tasks.map((t: { task_id: string }) => t.task_id);
    expect((await call("POST", tasksPath(stream, "/action"), { body: { action: "stop", tasks: [{ id: taskId }] } })).status).toBe(200);
    expect((await call("POST", tasksPath(stream, "/action"), { body: { action: "start", tasks: [{ id: taskId }] } })).status).toBe(200);
    expect(ids).toEqual([taskId]);

    expect((await put(stream, [{ data: b64('{"v":1}') }])).status).toBe(200);
    // The schema stops describing a record: Parquet columns cannot be made, the delivery fails, then recovers.
    expect((await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_schema: '"string"' } })).status).toBe(204);
    const T = Date.UTC(2031, 0, 1);
    await cron(T);
    await cron(T + 60_000);
    expect((await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_schema: schema } })).status).toBe(204);
    await cron(T + 120_000);
    expect((await call("DELETE", tasksPath(stream, "/pq"))).status).toBe(204);

    const task = (await eventsOf("pq")).filter((e) => e.detail.stream_name === stream).reverse();
    expect(task.map((e) => e.event_type)).toEqual([
      "TRANSFER_TASK_CREATED",
      "TRANSFER_TASK_STOPPED",
      "TRANSFER_TASK_STARTED",
      "TRANSFER_TASK_ABNORMAL",
      "TRANSFER_TASK_RECOVERED",
      "TRANSFER_TASK_DELETED",
    ]);
    expect(task[3]).toMatchObject({ level: "critical", resource_type: "transfer_task", resource_id: taskId, detail: { failure: expect.any(String) } });

    for (const name of ["q1", "q2", "q3", "q4", "q5"]) await newTask(stream, name);
    const quota = (await eventsOf(stream, { resource_type: "project" })).reverse();
    expect(quota.map((e) => [e.event_type, e.detail.used])).toEqual([
      ["QUOTA_ABOVE_80_PERCENT", 4],
      ["QUOTA_REACHED", 5],
    ]);
    expect(quota[1]).toMatchObject({ level: "critical", detail: { quota: "transfer_tasks_per_stream", limit: 5 } });
  });

  it("a partition refusing traffic: one PARTITION_THROTTLED a minute, recorded by the partition log", async () => {
    const stream = await newStream(1);
    const batch = Array.from({ length: 500 }, (_, i) => ({ data: b64(`r${i}`) }));
    let refused = 0;
    // Two seconds' worth of records (1,000 a second) fill the bucket; the rest of these are refused.
    for (let i = 0; i < 8; i++) refused += (await put(stream, batch)).json.failed_record_count;
    expect(refused).toBeGreaterThan(0);
    let events: Awaited<ReturnType<typeof eventsOf>> = [];
    for (let i = 0; i < 50 && events.length === 0; i++) {
      events = await eventsOf(stream, { event_type: "PARTITION_THROTTLED" });
      if (events.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ level: "warning", detail: { partition_id: "shardId-0000000000", refused: "records" } });
  });

  it("pages newest first by marker or offset, and filters by type, level and time", async () => {
    const stream = await newStream(1);
    for (let n = 2; n <= 6; n++) {
      expect((await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_duration: 24 * n } })).status).toBe(204);
    }
    const all = await eventsOf(stream);
    expect(all).toHaveLength(6);
    const first = await call("GET", `${EVENTS}?resource_name=${stream}&limit=4`);
    expect(first.json.total_number).toBe(6);
    expect(first.json.events.map((e: { event_id: string }) => e.event_id)).toEqual(all.slice(0, 4).map((e) => e.event_id));
    const second = await call("GET", `${EVENTS}?resource_name=${stream}&limit=4&marker=${first.json.next_marker}`);
    expect(second.json.events.map((e: { event_id: string }) => e.event_id)).toEqual(all.slice(4).map((e) => e.event_id));
    expect(second.json.next_marker).toBeUndefined();
    const offset = await call("GET", `${EVENTS}?resource_name=${stream}&limit=2&offset=2`);
    expect(offset.json.events.map((e: { event_id: string }) => e.event_id)).toEqual(all.slice(2, 4).map((e) => e.event_id));
    expect((await eventsOf(stream, { event_type: "STREAM_CREATED" })).map((e) => e.event_type)).toEqual(["STREAM_CREATED"]);
    expect(await eventsOf(stream, { level: "critical" })).toEqual([]);
    expect(await eventsOf(stream, { start_time: String(all[0]!.time + 1) })).toEqual([]);
    expect(await eventsOf(stream, { end_time: String(all.at(-1)!.time - 1) })).toEqual([]);
    expectError(await call("GET", `${EVENTS}?event_type=NOPE`), "DIS.4200");
    expectError(await call("GET", `${EVENTS}?limit=0`), "DIS.4200");
  });
});

describe("retention", () => {
  it("the cron's chore drops events older than 7 days and keeps the rest", async () => {
    const stream = await newStream(1);
    const now = Date.now();
    const old = { id: eventId(now - 8 * 86_400_000, "oldoldold0"), projectId: PROJECT, type: "STREAM_UPDATED", level: "info" as const, resourceType: "stream", resourceId: "x", resourceName: stream, time: now - 8 * 86_400_000, detail: "{}" };
    await openDb(env.DB).insert(events).values(old);
    expect((await eventsOf(stream)).map((e) => e.event_id)).toContain(old.id);
    await forgetOldEvents(env, now);
    expect((await eventsOf(stream)).map((e) => e.event_type)).toEqual(["STREAM_CREATED"]);
  });
});

describe("quota crossings", () => {
  it.each([
    [4, 5, 1, "QUOTA_ABOVE_80_PERCENT"],
    [5, 5, 1, "QUOTA_REACHED"],
    [3, 5, 1, null],
    [45, 50, 10, "QUOTA_ABOVE_80_PERCENT"],
    [50, 50, 10, "QUOTA_REACHED"],
    [41, 50, 1, null],
    [40, 50, 1, "QUOTA_ABOVE_80_PERCENT"],
    [6, 5, 1, null],
    [10, 10, 0, null],
  ] as const)("used %i of %i after adding %i: %s", (used, quota, added, expected) => {
    expect(quotaCrossing(used, quota, added)).toBe(expected);
  });
});
