/** Quotas and statistics, held to what the other operations report. */
import { describe, expect, it } from "vitest";
import { DEV_READER } from "../../src/identity/provision";
import { call, PROJECT, uniqueName, expectError } from "../helpers/http";
import { b64, cursor, get, newStream, put } from "../helpers/records";

const quotas = async () => {
  const reply = await call("GET", `/v2/${PROJECT}/quotas`);
  expect(reply.status).toBe(200);
  return Object.fromEntries((reply.json.quotas.resources as { type: string }[]).map((r) => [r.type, r])) as Record<string, any>;
};
const statistics = async () => {
  const reply = await call("GET", `/v1/${PROJECT}/statistics`);
  expect(reply.status, reply.text).toBe(200);
  return reply.json;
};

describe("quotas", () => {
  it("report used and allowed partitions, apps and transfer tasks per stream, moving with creates", async () => {
    const before = await quotas();
    expect(before.common_partitions).toEqual({ type: "common_partitions", used: expect.any(Number), quota: 50 });
    expect(before.advanced_partitions).toEqual({ type: "advanced_partitions", used: expect.any(Number), quota: 10 });
    expect(before.apps).toEqual({ type: "apps", used: expect.any(Number), quota: 100 });
    expect(before.transfer_tasks_per_stream).toMatchObject({ quota: 5 });

    const stream = await newStream(3);
    await newStream(1, { stream_type: "ADVANCED" });
    expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: uniqueName("qa") } })).status).toBe(201);
    for (const name of ["t1", "t2"]) {
      const created = await call("POST", `/v2/${PROJECT}/streams/${stream}/transfer-tasks`, {
        body: { destination_type: "OBS", obs_destination_descriptor: { task_name: name, agency_name: "a", obs_bucket_path: "obsbucket" } },
      });
      expect(created.status, created.text).toBe(201);
    }
    const after = await quotas();
    expect(after.common_partitions.used).toBe(before.common_partitions.used + 3);
    expect(after.advanced_partitions.used).toBe(before.advanced_partitions.used + 1);
    expect(after.apps.used).toBe(before.apps.used + 1);
    expect(after.transfer_tasks_per_stream.streams).toContainEqual({ stream_name: stream, used: 2 });
    expect(after.transfer_tasks_per_stream.used).toBeGreaterThanOrEqual(2);
    const listed = await call("GET", `/v2/${PROJECT}/streams/${stream}/transfer-tasks`);
    expect(listed.json.total_number).toBe(2);
    expect(listed.json.quota).toBe(after.transfer_tasks_per_stream.quota);
  });
});

describe("statistics", () => {
  it("counts what list streams and list apps count, and today's puts and gets from the partitions' metrics", async () => {
    const before = await statistics();
    const stream = await newStream(2);
    await put(stream, ["a", "bb", "ccc"].map((d) => ({ data: b64(d), partition_id: "0" })));
    await put(stream, [{ data: b64("dddd"), partition_id: "1" }]);
    expect((await get(await cursor(stream, "0"))).json.records).toHaveLength(3);
    // A partition log answers with the counts it still holds in memory too, so the puts show at once.
    const after = await statistics();
    expect(after.today.put_records).toBe(before.today.put_records + 4);
    expect(after.today.put_bytes).toBe(before.today.put_bytes + 10);
    expect(after.today.get_records).toBe(before.today.get_records + 3);
    expect(after.today.get_bytes).toBe(before.today.get_bytes + 6);
    expect(after.last_7_days.put_records).toBeGreaterThanOrEqual(after.today.put_records);
    expect(after.partition_count.ACTIVE).toBe(before.partition_count.ACTIVE + 2);
    expect(after.partition_count.total).toBe(after.partition_count.ACTIVE + after.partition_count.DELETED + after.partition_count.EXPIRED);

    const streams = await call("GET", `/v2/${PROJECT}/streams?limit=1`);
    const apps = await call("GET", `/v2/${PROJECT}/apps?limit=1`);
    expect(after.stream_count).toBe(streams.json.total_number);
    expect(after.app_count).toBe(apps.json.total_number);
    expect(after).toEqual({
      stream_count: expect.any(Number),
      partition_count: { total: expect.any(Number), ACTIVE: expect.any(Number), DELETED: expect.any(Number), EXPIRED: expect.any(Number) },
      app_count: expect.any(Number),
      transfer_task_count: expect.any(Number),
      today: { put_records: expect.any(Number), put_bytes: expect.any(Number), get_records: expect.any(Number), get_bytes: expect.any(Number) },
      last_7_days: { put_records: expect.any(Number), put_bytes: expect.any(Number), get_records: expect.any(Number), get_bytes: expect.any(Number) },
    });
  });

  it("scaled-in partitions count as DELETED; read-only users may read both; unauthenticated callers may not", async () => {
    const before = await statistics();
    const stream = await newStream(3);
    expect((await call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, target_partition_count: 1 } })).status).toBe(200);
    const after = await statistics();
    expect(after.partition_count.DELETED).toBe(before.partition_count.DELETED + 2);
    expect(after.partition_count.ACTIVE).toBe(before.partition_count.ACTIVE + 1);
    const reader = { keys: { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey } };
    expect((await call("GET", `/v1/${PROJECT}/statistics`, reader)).status).toBe(200);
    expect((await call("GET", `/v2/${PROJECT}/quotas`, reader)).status).toBe(200);
    expectError(await call("GET", `/v1/${PROJECT}/statistics`, { unsigned: true }), "DIS.4100", 441);
  });
});
