import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../src/records/cursor";
import { dis } from "../../src/records/protobuf/messages.js";
import { hashPartitionKey, partitionForHash } from "../../src/records/routing";
import { hashRangeOf } from "../../src/streams/partitions";
import { call, PROJECT, expectError } from "../helpers/http";
import { b64, cursor, cursorFor, get, newStream, put, unb64, utf8 } from "../helpers/records";


describe("put records", () => {
  it("answers per record in request order with consecutive sequence numbers", async () => {
    const stream = await newStream();
    const reply = await put(stream, [{ data: b64("a") }, { data: b64("b") }, { data: b64("c") }]);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      failed_record_count: 0,
      records: ["0", "1", "2"].map((sequence_number) => ({ partition_id: "shardId-0000000000", sequence_number })),
    });
    const again = await put(stream, [{ data: b64("d") }]);
    expect(again.json.records[0].sequence_number).toBe("3");
  });

  it("routes by partition_id, then explicit_hash_key, then partition_key", async () => {
    const stream = await newStream(3);
    const reply = await put(stream, [
      { data: b64("1"), partition_id: "2", explicit_hash_key: "0" },
      { data: b64("2"), partition_id: "shardId-0000000001" },
      { data: b64("3"), explicit_hash_key: "0" },
      { data: b64("4"), explicit_hash_key: "9223372036854775807", partition_key: "x" },
      { data: b64("5"), partition_key: "device-42" },
      { data: b64("6"), partition_key: "device-42" },
    ]);
    expect(reply.status).toBe(200);
    const ids = reply.json.records.map((r: { partition_id: string }) => r.partition_id);
    const keyed = partitionForHash([0, 1, 2].map((index) => ({ index, ...hashRangeOf(index, 3) })), hashPartitionKey("device-42")).index;
    expect(ids).toEqual([
      "shardId-0000000002",
      "shardId-0000000001",
      "shardId-0000000000",
      "shardId-0000000002",
      `shardId-000000000${keyed}`,
      `shardId-000000000${keyed}`,
    ]);
  });

  it("spreads records without routing information over every partition", async () => {
    const stream = await newStream(3);
    const reply = await put(stream, Array.from({ length: 30 }, (_, i) => ({ data: b64(String(i)) })));
    const counts = new Map<string, number>();
    for (const r of reply.json.records) counts.set(r.partition_id, (counts.get(r.partition_id) ?? 0) + 1);
    expect([...counts.values()]).toEqual([10, 10, 10]);
  });

  it.each([
    ["no records", { records: [] }],
    ["501 records", { records: Array.from({ length: 501 }, () => ({ data: "YQ==" })) }],
    ["data that is not base64", { records: [{ data: "not base64!" }] }],
    ["data that is not a string", { records: [{ data: 12 }] }],
    ["an explicit_hash_key out of range", { records: [{ data: "YQ==", explicit_hash_key: "9223372036854775808" }] }],
    ["an explicit_hash_key that is not a number", { records: [{ data: "YQ==", explicit_hash_key: "abc" }] }],
    ["a partition_key over 256 characters", { records: [{ data: "YQ==", partition_key: "k".repeat(257) }] }],
  ])("rejects %s with DIS.4200", async (_label, body) => {
    const stream = await newStream();
    expectError(await call("POST", `/v2/${PROJECT}/records`, { body: { stream_name: stream, ...body } }), "DIS.4200");
  });

  it("rejects a record over 1 MiB and a COMMON request over 1 MiB with DIS.4200", async () => {
    const stream = await newStream();
    const big = b64(new Uint8Array(1024 * 1024 + 1));
    expectError(await put(stream, [{ data: big }]), "DIS.4200");
    const half = b64(new Uint8Array(600 * 1024));
    expectError(await put(stream, [{ data: half }, { data: half }]), "DIS.4200");
  });

  it("takes up to 5 MiB per request on an ADVANCED stream", async () => {
    const stream = await newStream(1, { stream_type: "ADVANCED" });
    const mib = b64(new Uint8Array(1024 * 1024).fill(1));
    const reply = await put(stream, [{ data: mib }, { data: mib }, { data: mib }]);
    expect(reply.status).toBe(200);
    expect(reply.json.failed_record_count).toBe(0);
  });

  it("an unknown partition_id is DIS.4302, a malformed one DIS.4201", async () => {
    const stream = await newStream(2);
    expectError(await put(stream, [{ data: b64("a"), partition_id: "5" }]), "DIS.4302");
    expectError(await put(stream, [{ data: b64("a"), partition_id: "shard-1" }]), "DIS.4201");
  });

  it("an unknown stream is DIS.4301; no stream at all DIS.4200", async () => {
    expectError(await put("no-such-stream", [{ data: b64("a") }]), "DIS.4301");
    expectError(await call("POST", `/v2/${PROJECT}/records`, { body: { records: [{ data: b64("a") }] } }), "DIS.4200");
  });

  it("finds the stream by stream_id when the name finds none", async () => {
    const stream = await newStream();
    const id = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id;
    const reply = await call("POST", `/v2/${PROJECT}/records/`, { body: { stream_name: "renamed", stream_id: id, records: [{ data: b64("x") }] } });
    expect(reply.status).toBe(200);
    expect(reply.json.records[0].sequence_number).toBe("0");
  });

  it("over the write limit, records fail one by one with DIS.4303 and the rest land", async () => {
    const stream = await newStream();
    const record = { data: b64(new Uint8Array(2000)) };
    const batch = Array.from({ length: 500 }, () => record);
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await put(stream, batch));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const last = replies[2]!.json;
    expect(last.failed_record_count).toBeGreaterThan(300);
    const refused = last.records.filter((r: { error_code?: string }) => r.error_code === "DIS.4303");
    expect(refused.length).toBe(last.failed_record_count);
    expect(refused[0].error_message).toContain("Exceeded traffic control limit");
    const landed = last.records.filter((r: { sequence_number?: string }) => r.sequence_number !== undefined);
    expect(landed.map((r: { sequence_number: string }) => Number(r.sequence_number))).toEqual(
      Array.from({ length: landed.length }, (_, i) => 1000 + i),
    );
  });
});

describe("get cursor and get records", () => {
  it("returns byte-exact data, partition keys where given, and timestamps", async () => {
    const stream = await newStream();
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    const before = Date.now();
    await put(stream, [{ data: b64("中文 UTF-8 ✓"), partition_key: "键" }, { data: b64(binary), partition_id: "0" }, { data: "" }]);
    const reply = await get(await cursor(stream));
    expect(reply.status).toBe(200);
    const [text, bin, empty] = reply.json.records;
    expect(utf8(text.data)).toBe("中文 UTF-8 ✓");
    expect(text.partition_key).toBe("键");
    expect(text.sequence_number).toBe("0");
    expect(text.timestamp_type).toBe("CreateTime");
    expect(text.timestamp).toBeGreaterThanOrEqual(before - 1000);
    expect(text.timestamp).toBeLessThanOrEqual(Date.now() + 1000);
    expect([...unb64(bin.data)]).toEqual([...binary]);
    expect("partition_key" in bin).toBe(false);
    expect(Object.keys(bin).sort()).toEqual(["data", "sequence_number", "timestamp", "timestamp_type"]);
    expect(empty.data).toBe("");
    expect(typeof reply.json.next_partition_cursor).toBe("string");
  });

  it("a poller sees exactly the records appended after its last read, none twice", async () => {
    const stream = await newStream();
    let next = await cursor(stream, "0", "LATEST");
    const seen: string[] = [];
    for (let round = 0; round < 4; round++) {
      await put(stream, [{ data: b64(`r${round}a`) }, { data: b64(`r${round}b`) }]);
      const reply = await get(next);
      seen.push(...reply.json.records.map((r: { data: string }) => utf8(r.data)));
      next = reply.json.next_partition_cursor;
      const idle = await get(next);
      expect(idle.json.records).toEqual([]);
      next = idle.json.next_partition_cursor;
    }
    expect(seen).toEqual(["r0a", "r0b", "r1a", "r1b", "r2a", "r2b", "r3a", "r3b"]);
  });

  it("honours max_fetch_bytes (either spelling), but returns the next record even when it alone is larger", async () => {
    const stream = await newStream();
    await put(stream, Array.from({ length: 5 }, (_, i) => ({ data: b64(String(i).repeat(100)) })));
    const first = await get(await cursor(stream), { max_fetch_bytes: "250" });
    expect(first.json.records.map((r: { sequence_number: string }) => r.sequence_number)).toEqual(["0", "1"]);
    const second = await get(first.json.next_partition_cursor, { max_fetch_by_bytes: "300" });
    expect(second.json.records.map((r: { sequence_number: string }) => r.sequence_number)).toEqual(["2", "3", "4"]);
    // A reader whose max_fetch_bytes is below every record's size still progresses, a record per call.
    let next = await cursor(stream);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const tiny = await get(next, { max_fetch_bytes: "50" });
      expect(tiny.json.records.length).toBeLessThanOrEqual(1);
      seen.push(...tiny.json.records.map((r: { sequence_number: string }) => r.sequence_number));
      next = tiny.json.next_partition_cursor;
    }
    expect(seen).toEqual(["0", "1", "2", "3", "4"]);
  });

  it.each([
    ["AT_SEQUENCE_NUMBER", { "starting-sequence-number": "2" }, ["2", "3"]],
    ["AFTER_SEQUENCE_NUMBER", { "starting-sequence-number": "2" }, ["3"]],
    ["AT_SEQUENCE_NUMBER", { "starting-sequence-number": "4" }, []],
    ["AFTER_SEQUENCE_NUMBER", { "starting-sequence-number": "3" }, []],
    ["TRIM_HORIZON", {}, ["0", "1", "2", "3"]],
    ["LATEST", {}, []],
    ["AT_TIMESTAMP", { timestamp: "0" }, ["0", "1", "2", "3"]],
    ["AT_TIMESTAMP", { timestamp: String(Date.now() + 3600_000) }, []],
  ])("%s %j starts at %j", async (type, extra, expected) => {
    const stream = await newStream();
    await put(stream, [0, 1, 2, 3].map((i) => ({ data: b64(String(i)) })));
    const reply = await get(await cursor(stream, "shardId-0000000000", type, extra as Record<string, string>));
    expect(reply.json.records.map((r: { sequence_number: string }) => r.sequence_number)).toEqual(expected);
  });

  it("AT_TIMESTAMP finds the first record at or after the time", async () => {
    const stream = await newStream();
    await put(stream, [{ data: b64("old") }]);
    await new Promise((r) => setTimeout(r, 20));
    const middle = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await put(stream, [{ data: b64("new1") }, { data: b64("new2") }]);
    const reply = await get(await cursor(stream, "0", "AT_TIMESTAMP", { timestamp: String(middle) }));
    expect(reply.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["new1", "new2"]);
  });

  it("the default cursor type is AT_SEQUENCE_NUMBER", async () => {
    const stream = await newStream();
    await put(stream, [{ data: b64("a") }, { data: b64("b") }]);
    const query = new URLSearchParams({ "stream-name": stream, "partition-id": "0", "starting-sequence-number": "1" });
    const reply = await call("GET", `/v2/${PROJECT}/cursors?${query}`);
    const records = (await get(reply.json.partition_cursor)).json.records;
    expect(records.map((r: { data: string }) => utf8(r.data))).toEqual(["b"]);
  });

  it.each([
    ["an unknown cursor type", { "cursor-type": "OLDEST" }, "DIS.4215"],
    ["no sequence number", { "cursor-type": "AT_SEQUENCE_NUMBER" }, "DIS.4216"],
    ["a non-numeric sequence number", { "cursor-type": "AFTER_SEQUENCE_NUMBER", "starting-sequence-number": "x1" }, "DIS.4216"],
    ["a sequence number past the end", { "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": "3" }, "DIS.4224"],
    ["AFTER the last record", { "cursor-type": "AFTER_SEQUENCE_NUMBER", "starting-sequence-number": "2" }, "DIS.4224"],
    ["a huge sequence number", { "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": "9223372036854775807" }, "DIS.4224"],
    ["an unknown partition", { "cursor-type": "LATEST", "partition-id": "7" }, "DIS.4302"],
    ["a malformed partition", { "cursor-type": "LATEST", "partition-id": "p7" }, "DIS.4201"],
    ["no partition", { "cursor-type": "LATEST", "partition-id": "" }, "DIS.4201"],
    ["AT_TIMESTAMP without a timestamp", { "cursor-type": "AT_TIMESTAMP" }, "DIS.4200"],
  ])("get cursor with %s: %s", async (_label, params, code) => {
    const stream = await newStream();
    await put(stream, [{ data: b64("a") }, { data: b64("b") }]);
    const query = new URLSearchParams({ "stream-name": stream, "partition-id": "0", ...params });
    expectError(await call("GET", `/v2/${PROJECT}/cursors?${query}`), code);
  });

  it("get cursor on an unknown stream is DIS.4301", async () => {
    expectError(await cursorFor("no-such-stream", "0", "LATEST"), "DIS.4301");
  });

  it("refuses missing, forged, foreign and expired cursors", async () => {
    const stream = await newStream();
    await put(stream, [{ data: b64("a") }]);
    const good = await cursor(stream);
    expectError(await call("GET", `/v2/${PROJECT}/records`), "DIS.4217");
    expectError(await get("garbage"), "DIS.4217");
    expectError(await get(good.slice(0, -3) + "AAA"), "DIS.4217");
    const streamId = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id;
    const foreign = await encodeCursor({ granted: false, projectId: "otherproject", streamId, partitionIndex: 0, sequence: 0, issuedAt: Date.now() }, env.AUTH_SECRET);
    expectError(await get(foreign), "DIS.4217");
    const expired = await encodeCursor({ granted: false, projectId: PROJECT, streamId, partitionIndex: 0, sequence: 0, issuedAt: Date.now() - 301_000 }, env.AUTH_SECRET);
    expectError(await get(expired), "DIS.4225");
    expectError(await get(good, { max_fetch_bytes: "0" }), "DIS.4200");
    expectError(await get(good, { max_fetch_bytes: "lots" }), "DIS.4200");
  });

  it("a cursor into a deleted stream is DIS.4301; writers with stale routing reach the new stream", async () => {
    const stream = await newStream();
    await put(stream, [{ data: b64("old") }]);
    const old = await cursor(stream);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${stream}`)).status).toBe(204);
    expectError(await get(old), "DIS.4301");
    expect((await call("POST", `/v2/${PROJECT}/streams`, { body: { stream_name: stream, partition_count: 1 } })).status).toBe(201);
    const reply = await put(stream, [{ data: b64("new") }]);
    expect(reply.json.records[0].sequence_number).toBe("0");
    const records = (await get(await cursor(stream))).json.records;
    expect(records.map((r: { data: string }) => utf8(r.data))).toEqual(["new"]);
  });

  it("over the read limit, get records is DIS.4303", async () => {
    const stream = await newStream();
    const record = { data: b64(new Uint8Array(2000)) };
    await put(stream, Array.from({ length: 500 }, () => record));
    await put(stream, Array.from({ length: 500 }, () => record));
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await get(await cursor(stream), { max_fetch_bytes: String(10 * 1024 * 1024) }));
    expect(replies.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies[0]!.json.records).toHaveLength(1000);
    expectError(replies[3]!, "DIS.4303");
  });
});

describe("protobuf bodies", () => {
  const headers = { "content-type": "application/x-protobuf; charset=utf-8" };

  it("put and get round-trip in the old SDKs' protobuf", async () => {
    const stream = await newStream(2);
    const body = dis.PutRecordsRequest.encode({
      streamName: stream,
      records: [
        { data: new TextEncoder().encode("proto-1"), partitionKey: "k1", partitionId: "1" },
        { data: Uint8Array.from([0, 255, 7]), partitionId: "shardId-0000000001" },
        { data: new Uint8Array(), explicitHashKey: "0" },
      ],
    }).finish();
    const reply = await call("POST", `/v2/${PROJECT}/records/`, { bytes: body, headers });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/x-protobuf");
    const result = dis.PutRecordsResult.decode(reply.bytes);
    expect(result.failedRecordCount).toBe(0);
    expect(result.records.map((r) => [r.shardId, r.sequenceNumber])).toEqual([
      ["shardId-0000000001", "0"],
      ["shardId-0000000001", "1"],
      ["shardId-0000000000", "0"],
    ]);

    const partitionCursor = await cursor(stream, "1");
    const got = await call("GET", `/v2/${PROJECT}/records?partition-cursor=${encodeURIComponent(partitionCursor)}`, { headers });
    expect(got.status).toBe(200);
    const records = dis.GetRecordsResult.decode(got.bytes);
    expect(records.nextShardIterator.length).toBeGreaterThan(0);
    expect(records.records.map((r) => [r.sequenceNumber, new TextDecoder().decode(r.data ?? undefined), r.partitionKey, r.timestampType])).toEqual([
      ["0", "proto-1", "k1", "CreateTime"],
      ["1", "\u0000\ufffd\u0007", "", "CreateTime"],
    ]);
    expect([...(records.records[1]!.data ?? [])]).toEqual([0, 255, 7]);
    expect(Number(records.records[0]!.timestamp)).toBeGreaterThan(0);
  });

  it("a partition key over 256 characters is DIS.4200 in protobuf too", async () => {
    const stream = await newStream();
    const body = dis.PutRecordsRequest.encode({ streamName: stream, records: [{ data: new Uint8Array([1]), partitionKey: "k".repeat(70_000) }] }).finish();
    expectError(await call("POST", `/v2/${PROJECT}/records`, { bytes: body, headers }), "DIS.4200");
  });

  it("a body that is not a PutRecordsRequest is DIS.4300", async () => {
    const reply = await call("POST", `/v2/${PROJECT}/records`, { bytes: Uint8Array.from([0xff, 0xff, 0xff]), headers });
    expectError(reply, "DIS.4300");
  });
});
