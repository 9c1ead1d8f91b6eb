/** The data plane over segments: what a DIS client reads, in JSON or protobuf, does not change when records move to R2. */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { partitionStub } from "../../src/partition/stubs";
import { dis } from "../../src/records/protobuf/messages.js";
import { call, PROJECT } from "../helpers/http";
import { b64, cursor, get, newStream, put } from "../helpers/records";

const HOUR = 3600_000;
const protobuf = { "content-type": "application/x-protobuf; charset=utf-8" };

afterEach(() => {
  vi.useRealTimers();
});

async function streamIdOf(name: string): Promise<string> {
  return (await call("GET", `/v2/${PROJECT}/streams/${name}`)).json.stream_id;
}

async function readJson(name: string, extra: Record<string, string> = {}) {
  return (await get(await cursor(name, "0", "TRIM_HORIZON"), { limit: "10000", ...extra })).json.records;
}

async function readProtobuf(name: string) {
  const reply = await call("GET", `/v2/${PROJECT}/records?${new URLSearchParams({ "partition-cursor": await cursor(name), limit: "10000" })}`, { headers: protobuf });
  expect(reply.headers.get("content-type")).toBe("application/x-protobuf");
  return dis.GetRecordsResult.decode(reply.bytes).records.map((r) => ({ sequenceNumber: r.sequenceNumber, data: Array.from(r.data ?? []), partitionKey: r.partitionKey, timestamp: String(r.timestamp) }));
}

describe("records in segments", () => {
  it("get records answers the same, in JSON and protobuf, before and after its records move to a segment", async () => {
    const start = Date.now();
    vi.useFakeTimers({ now: start, toFake: ["Date"] });
    const name = await newStream(1);
    const records = Array.from({ length: 120 }, (_, i) => ({ data: b64(Uint8Array.from({ length: 10 + i }, (_, k) => (i + k) % 256)), partition_key: `k${i}` }));
    for (let p = 0; p < 6; p++) expect((await put(name, records.slice(p * 20, p * 20 + 20))).json.failed_record_count).toBe(0);
    vi.setSystemTime(start + 2 * HOUR);
    expect((await put(name, [{ data: b64("hot") }])).json.failed_record_count).toBe(0);
    const before = { json: await readJson(name), protobuf: await readProtobuf(name) };
    expect(before.json).toHaveLength(121);

    const log = partitionStub(env, await streamIdOf(name), 0);
    await runDurableObjectAlarm(log);
    expect(await runInDurableObject(log, (_i, state) => state.storage.sql.exec("SELECT count(*) AS n FROM segments WHERE sealed = 1").one().n)).toBe(1);

    expect(await readJson(name)).toEqual(before.json);
    expect(await readProtobuf(name)).toEqual(before.protobuf);
    // Paging through in small reads crosses from the segment into the hot chunk without a gap or a repeat.
    let next = await cursor(name, "0", "AT_SEQUENCE_NUMBER", { "starting-sequence-number": "100" });
    const paged: string[] = [];
    for (let i = 0; i < 5; i++) {
      const page = (await get(next, { limit: "7" })).json;
      paged.push(...page.records.map((r: { sequence_number: string }) => r.sequence_number));
      next = page.next_partition_cursor;
    }
    expect(paged).toEqual([...Array(21).keys()].map((k) => String(100 + k)));
  });

  it("deleting the stream deletes its segments", async () => {
    const start = Date.now();
    vi.useFakeTimers({ now: start, toFake: ["Date"] });
    const name = await newStream(1);
    await put(name, [{ data: b64("to be moved") }]);
    vi.setSystemTime(start + 2 * HOUR);
    const id = await streamIdOf(name);
    const log = partitionStub(env, id, 0);
    await runDurableObjectAlarm(log);
    const prefix = await runInDurableObject(log, (_i, state) => `partitions/${state.id.toString()}/`);
    expect((await env.SEGMENTS.list({ prefix })).objects).toHaveLength(1);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${name}`)).status).toBe(204);
    // The delete erases the stream's logs after it answered (waitUntil): wait for it.
    for (let i = 0; i < 50 && !(await runInDurableObject(log, (instance) => instance.isErased())); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await runInDurableObject(log, (instance) => instance.isErased())).toBe(true);
    expect((await env.SEGMENTS.list({ prefix })).objects).toEqual([]);
  });
});
