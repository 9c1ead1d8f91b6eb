/**
 * Huawei's DIS clients as they are: each wire habit of the old Python DIS SDK, the Java DIS SDK
 * and its Kafka adapter, reproduced byte for byte (see test/helpers/sdk-requests.ts), and answered
 * as those clients read answers.
 */
import { zstdCompressSync } from "node:zlib";
import { compressBlock, compressBound } from "lz4js";
import { compress as snappyCompress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { dis } from "../../src/records/protobuf/messages.js";
import { call, expectError, PROJECT, uniqueName } from "../helpers/http";
import { b64, cursor, get, newStream, put, utf8 } from "../helpers/records";
import { javaDisRequest, pythonDisRequest, pythonWire, sendWire } from "../helpers/sdk-requests";
import { taskBody } from "../helpers/transfers";

const encoder = new TextEncoder();

async function streamId(stream: string): Promise<string> {
  return (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id;
}

function lz4(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(compressBound(bytes.length));
  return out.subarray(0, compressBlock(bytes, out, 0, bytes.length, new Uint32Array(1 << 16)));
}

describe("the old Python DIS SDK", () => {
  it("puts with `stream_id: \"\"`, and by id with `stream_name: \"\"`, signed over the host without its port", async () => {
    const stream = await newStream(1);
    const byName = await pythonDisRequest({ method: "POST", path: `/v2/${PROJECT}/records/`, body: { stream_name: stream, stream_id: "", records: [{ data: b64("one") }] } });
    expect(byName.status, byName.text).toBe(200);
    expect(byName.json).toEqual({ failed_record_count: 0, records: [{ partition_id: "shardId-0000000000", sequence_number: "0" }] });
    const id = await streamId(stream);
    const byId = await pythonDisRequest({ method: "POST", path: `/v2/${PROJECT}/records/`, body: { stream_name: "", stream_id: id, records: [{ data: b64("two") }] } });
    expect(byId.json).toEqual({ failed_record_count: 0, records: [{ partition_id: "shardId-0000000000", sequence_number: "1" }] });
  });

  it("a signature over the host without its port still covers everything else", async () => {
    const stream = await newStream(1);
    const reply = await pythonDisRequest({ method: "POST", path: `/v2/${PROJECT}/records/`, body: { stream_name: stream, stream_id: "", records: [{ data: b64("x") }] } });
    expect(reply.status).toBe(200);
    // The same signature with another body, path, query or host (port aside) does not pass.
    const body = { stream_name: stream, stream_id: "", records: [{ data: b64("x") }] };
    const signed = () => pythonWire({ method: "POST", path: `/v2/${PROJECT}/records/`, query: [["k", "v"]], body });
    const tamperings: ((w: Awaited<ReturnType<typeof signed>>) => void)[] = [
      (w) => (w.body = JSON.stringify({ ...body, records: [{ data: b64("y") }] })),
      (w) => (w.url = w.url.replace("/records/", "/records/x/")),
      (w) => (w.url = w.url.replace("k=v", "k=w")),
      (w) => (w.headers.host = "other.test:8787"),
    ];
    for (const tamper of tamperings) {
      const wire = await signed();
      tamper(wire);
      expectError(await sendWire(wire), "DIS.4104", 441);
    }
    const portOnly = await signed();
    portOnly.headers.host = "dis.local.test:9999";
    expect((await sendWire(portOnly)).status).toBe(200);
  });

  it("gets cursors and records with its empty values and `limit`", async () => {
    const stream = await newStream(1);
    await put(stream, [1, 2, 3, 4, 5].map((i) => ({ data: b64(`r${i}`) })));
    const cursorReply = await pythonDisRequest({
      method: "GET",
      path: `/v2/${PROJECT}/cursors/`,
      query: [["stream-name", stream], ["partition-id", "0"], ["cursor-type", "TRIM_HORIZON"], ["starting-sequence-number", ""]],
    });
    expect(cursorReply.status, cursorReply.text).toBe(200);
    const records = await pythonDisRequest({ method: "GET", path: `/v2/${PROJECT}/records/`, query: [["partition-cursor", cursorReply.json.partition_cursor], ["limit", "2"]] });
    expect(records.status, records.text).toBe(200);
    expect(records.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["r1", "r2"]);
    const rest = await pythonDisRequest({ method: "GET", path: `/v2/${PROJECT}/records/`, query: [["partition-cursor", records.json.next_partition_cursor], ["limit", "1000"]] });
    expect(rest.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["r3", "r4", "r5"]);
  });

  it.each(["0", "10001", "ten"])("a `limit` of %s is DIS.4200", async (limit) => {
    const stream = await newStream(1);
    expectError(await get(await cursor(stream), { limit }), "DIS.4200");
  });

  it("deletes checkpoints without `checkpoint_type`, and reads `metaData`", async () => {
    const stream = await newStream(1);
    await put(stream, [{ data: b64("a") }]);
    const app = uniqueName("app");
    expect((await pythonDisRequest({ method: "POST", path: `/v2/${PROJECT}/apps/`, body: { app_name: app } })).status).toBe(201);
    const commit = await pythonDisRequest({
      method: "POST",
      path: `/v2/${PROJECT}/checkpoints/`,
      body: { stream_name: stream, app_name: app, partition_id: "0", sequence_number: "0", metadata: "m", checkpoint_type: "LAST_READ" },
    });
    expect(commit.status, commit.text).toBe(201);
    const checkpointQuery: [string, string][] = [["stream_name", stream], ["app_name", app], ["partition_id", "0"], ["checkpoint_type", "LAST_READ"]];
    const got = await pythonDisRequest({ method: "GET", path: `/v2/${PROJECT}/checkpoints/`, query: checkpointQuery });
    expect(got.json).toEqual({ sequence_number: "0", metadata: "m", metaData: "m" });
    const deleted = await pythonDisRequest({ method: "DELETE", path: `/v2/${PROJECT}/checkpoints/`, query: [["stream_name", stream], ["app_name", app]] });
    expect(deleted.status, deleted.text).toBe(204);
    const after = await pythonDisRequest({ method: "GET", path: `/v2/${PROJECT}/checkpoints/`, query: checkpointQuery });
    expect(after.json).toEqual({ sequence_number: "-1", metadata: "", metaData: "" });
  });

  it("creates and describes transfer tasks under the singular `/stream/`, lists and deletes them under `/streams/`", async () => {
    const stream = await newStream(1);
    const created = await pythonDisRequest({ method: "POST", path: `/v2/${PROJECT}/stream/${stream}/transfer-tasks/`, body: taskBody("py_task") });
    expect(created.status, created.text).toBe(201);
    const described = await pythonDisRequest({ method: "GET", path: `/v2/${PROJECT}/stream/${stream}/transfer-tasks/py_task` });
    expect(described.status).toBe(200);
    expect(described.json).toMatchObject({ task_name: "py_task", stream_name: stream, destination_type: "OBS", state: "RUNNING" });
    const listed = await pythonDisRequest({ method: "GET", path: `/v2/${PROJECT}/streams/${stream}/transfer-tasks/` });
    expect(listed.json.tasks.map((t: { task_name: string }) => t.task_name)).toEqual(["py_task"]);
    expect((await pythonDisRequest({ method: "DELETE", path: `/v2/${PROJECT}/streams/${stream}/transfer-tasks/py_task/` })).status).toBe(204);
  });

  it("reads metrics in dict order (the body it also sends on this GET is checked end to end)", async () => {
    const stream = await newStream(1);
    const now = Math.floor(Date.now() / 1000);
    const reply = await pythonDisRequest({
      method: "GET",
      path: `/v2/${PROJECT}/streams/${stream}/metrics`,
      query: [["label", "total_put_records_per_stream"], ["end_time", String(now)], ["start_time", String(now - 600)]],
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.metrics.label).toBe("total_put_records_per_stream");
  });
});

describe("the Java DIS SDK", () => {
  it("puts and reads with trailing slashes, a raw query in hash order with a trailing `&`, and `limit` beside `max_fetch_bytes`", async () => {
    const stream = await newStream(2);
    const put = await javaDisRequest({
      method: "POST",
      path: `/v2/${PROJECT}/records/`,
      body: JSON.stringify({ stream_name: stream, records: [{ data: b64("j1"), partition_id: "1" }, { data: b64("j2"), partition_id: "shardId-0000000001" }] }),
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toEqual({
      failed_record_count: 0,
      records: [
        { partition_id: "shardId-0000000001", sequence_number: "0" },
        { partition_id: "shardId-0000000001", sequence_number: "1" },
      ],
    });
    const cursorReply = await javaDisRequest({
      method: "GET",
      path: `/v2/${PROJECT}/cursors/`,
      query: [["starting-sequence-number", "0"], ["stream-name", stream], ["partition-id", "1"], ["cursor-type", "AT_SEQUENCE_NUMBER"]],
    });
    expect(cursorReply.status, cursorReply.text).toBe(200);
    const records = await javaDisRequest({
      method: "GET",
      path: `/v2/${PROJECT}/records/`,
      query: [["max_fetch_bytes", "1048576"], ["limit", "1"], ["partition-cursor", cursorReply.json.partition_cursor]],
    });
    expect(records.status, records.text).toBe(200);
    expect(records.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["j1"]);
  });

  const payload = (stream: string) => encoder.encode(JSON.stringify({ stream_name: stream, records: Array.from({ length: 50 }, (_, i) => ({ data: b64(`compressed record ${i}`) })) }));
  const codecs = {
    lz4: (bytes: Uint8Array) => lz4(bytes),
    snappy: (bytes: Uint8Array) => snappyCompress(bytes),
    zstd: (bytes: Uint8Array) => new Uint8Array(zstdCompressSync(bytes)),
  };

  it.each(Object.keys(codecs) as (keyof typeof codecs)[])("puts a %s-compressed JSON body, with its own Accept-Encoding signed", async (encoding) => {
    const stream = await newStream(1);
    const original = payload(stream);
    const reply = await javaDisRequest({ method: "POST", path: `/v2/${PROJECT}/records/`, body: codecs[encoding](original), compression: { encoding, originalLength: original.length } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.failed_record_count).toBe(0);
    expect(reply.json.records).toHaveLength(50);
    expect(reply.headers.get("content-encoding")).toBeNull();
    const read = await get(await cursor(stream));
    expect(read.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(Array.from({ length: 50 }, (_, i) => `compressed record ${i}`));
  });

  it.each(Object.keys(codecs) as (keyof typeof codecs)[])("puts a %s-compressed protobuf body", async (encoding) => {
    const stream = await newStream(1);
    const records = Array.from({ length: 20 }, (_, i) => ({ data: encoder.encode(`protobuf record ${i}`) }));
    const original = dis.PutRecordsRequest.encode({ streamName: stream, records }).finish();
    const reply = await javaDisRequest({
      method: "POST",
      path: `/v2/${PROJECT}/records/`,
      body: codecs[encoding](original),
      contentType: "application/x-protobuf; charset=utf-8",
      compression: { encoding, originalLength: original.length },
    });
    expect(reply.status, reply.text).toBe(200);
    const result = dis.PutRecordsResult.decode(reply.bytes);
    expect(result.failedRecordCount).toBe(0);
    expect(result.records.map((r) => [r.shardId, r.sequenceNumber])).toEqual(records.map((_, i) => ["shardId-0000000000", String(i)]));
  });

  it.each([
    ["a truncated lz4 block", "lz4", (b: Uint8Array) => lz4(b).subarray(0, 40), (b: Uint8Array) => b.length, "DIS.4300"],
    ["an lz4 length header that lies", "lz4", lz4, (b: Uint8Array) => b.length - 1, "DIS.4300"],
    ["a truncated zstd frame", "zstd", (b: Uint8Array) => codecs.zstd(b).subarray(0, 30), (b: Uint8Array) => b.length, "DIS.4300"],
    ["a zstd length header that lies", "zstd", codecs.zstd, (b: Uint8Array) => b.length + 7, "DIS.4300"],
    ["a corrupt snappy stream", "snappy", (b: Uint8Array) => snappyCompress(b).subarray(0, 25), (b: Uint8Array) => b.length, "DIS.4300"],
  ] as const)("%s answers a clear error and stores nothing", async (_label, encoding, compress, length, code) => {
    const stream = await newStream(1);
    const original = payload(stream);
    const reply = await javaDisRequest({ method: "POST", path: `/v2/${PROJECT}/records/`, body: compress(original), compression: { encoding, originalLength: length(original) } });
    expectError(reply, code);
    expect((await get(await cursor(stream))).json.records).toEqual([]);
  });

  it.each([
    ["lz4", (n: number) => lz4(new Uint8Array(n))],
    ["zstd", (n: number) => new Uint8Array(zstdCompressSync(new Uint8Array(n)))],
    ["snappy", (n: number) => snappyCompress(new Uint8Array(n))],
  ] as const)("a %s decompression bomb is refused before it is inflated", async (encoding, bomb) => {
    const size = 64 * 1024 * 1024;
    const body = bomb(size);
    expect(body.length).toBeLessThan(size / 20);
    const reply = await javaDisRequest({ method: "POST", path: `/v2/${PROJECT}/records/`, body, compression: { encoding: encoding as "lz4", originalLength: size } });
    expectError(reply, "DIS.4200");
    // Without a length header, or with one that understates it, inflating still stops at the limit.
    if (encoding === "zstd") {
      const understated = await javaDisRequest({ method: "POST", path: `/v2/${PROJECT}/records/`, body, compression: { encoding: "zstd", originalLength: 100 } });
      expectError(understated, "DIS.4200");
    }
  });

  it("a Content-Encoding the service does not take is DIS.4200", async () => {
    const stream = await newStream(1);
    const reply = await call("POST", `/v2/${PROJECT}/records`, { body: { stream_name: stream, records: [{ data: b64("x") }] }, headers: { "content-encoding": "br" } });
    expectError(reply, "DIS.4200");
  });

  it("reads protobuf with a GET whose Content-Type asks for it, every required field set", async () => {
    const stream = await newStream(1);
    await put(stream, [{ data: b64("p") }]);
    const cursorText = await cursor(stream);
    const reply = await javaDisRequest({ method: "GET", path: `/v2/${PROJECT}/records/`, query: [["max_fetch_bytes", "1048576"], ["limit", "1000"], ["partition-cursor", cursorText]], contentType: "application/x-protobuf; charset=utf-8" });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/x-protobuf");
    const result = dis.GetRecordsResult.decode(reply.bytes);
    expect(result.nextShardIterator).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(result.records.map((r) => [r.sequenceNumber, new TextDecoder().decode(r.data ?? undefined)])).toEqual([["0", "p"]]);
    // Empty pages carry the required cursor too.
    const empty = await javaDisRequest({ method: "GET", path: `/v2/${PROJECT}/records/`, query: [["partition-cursor", result.nextShardIterator]], contentType: "application/x-protobuf; charset=utf-8" });
    expect(dis.GetRecordsResult.decode(empty.bytes).records).toEqual([]);
  });

  it("empty answers leave with Content-Length 0, never compressed", async () => {
    const stream = uniqueName("java");
    const accept = { "accept-encoding": "gzip,deflate" };
    const created = await call("POST", `/v2/${PROJECT}/streams/`, { body: { stream_name: stream, partition_count: 1, private: false, is_private: false }, headers: accept });
    expect(created.status).toBe(201);
    expect(created.bytes.length).toBe(0);
    expect(created.headers.get("content-encoding")).toBe("identity");
    const app = await call("POST", `/v2/${PROJECT}/apps/`, { body: { app_name: uniqueName("app") }, headers: accept });
    expect([app.status, app.bytes.length, app.headers.get("content-encoding")]).toEqual([201, 0, "identity"]);
  });

  it("creates, lists and describes with its duplicated and empty query parameters", async () => {
    const stream = uniqueName("java");
    expect((await javaDisRequest({ method: "POST", path: `/v2/${PROJECT}/streams/`, body: JSON.stringify({ stream_name: stream, partition_count: 2, private: false, is_private: false }) })).status).toBe(201);
    const listed = await javaDisRequest({ method: "GET", path: `/v2/${PROJECT}/streams/`, query: [["start_stream_name", ""], ["limit", "100"]] });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json.stream_names).toContain(stream);
    const described = await javaDisRequest({ method: "GET", path: `/v2/${PROJECT}/streams/${stream}/`, query: [["start_partitionId", ""], ["stream_name", stream], ["limit_partitions", "100"]] });
    expect(described.status, described.text).toBe(200);
    expect(described.json.partitions.map((p: { partition_id: string }) => p.partition_id)).toEqual(["shardId-0000000000", "shardId-0000000001"]);
    const after = await javaDisRequest({ method: "GET", path: `/v2/${PROJECT}/streams/${stream}/`, query: [["start_partitionId", "shardId-0000000000"], ["limit_partitions", "100"]] });
    expect(after.json.partitions.map((p: { partition_id: string }) => p.partition_id)).toEqual(["shardId-0000000001"]);
  });
});

describe("the Kafka adapter", () => {
  it("describes a stream by id alone on the list path", async () => {
    const stream = await newStream(2);
    const id = await streamId(stream);
    const reply = await javaDisRequest({ method: "GET", path: `/v2/${PROJECT}/streams/`, query: [["stream_id", id], ["limit_partitions", "1"]] });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ stream_name: stream, stream_id: id, has_more_partitions: true });
    expect(reply.json.partitions.map((p: { partition_id: string }) => p.partition_id)).toEqual(["shardId-0000000000"]);
    expectError(await javaDisRequest({ method: "GET", path: `/v2/${PROJECT}/streams/`, query: [["stream_id", "NoSuchStream0000000"]] }), "DIS.4301");
  });

  it("decodes cursors: base64url JSON with exactly getIteratorParam and generateTimestamp, the position resolved", async () => {
    const stream = await newStream(1);
    await put(stream, [1, 2, 3].map((i) => ({ data: b64(String(i)) })));
    for (const [type, expected] of [["TRIM_HORIZON", "0"], ["LATEST", "3"], ["AFTER_SEQUENCE_NUMBER", "2"]] as const) {
      const extra: Record<string, string> = type === "AFTER_SEQUENCE_NUMBER" ? { "starting-sequence-number": "1" } : {};
      const text = await cursor(stream, "0", type, extra);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      const decoded = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/")));
      expect(Object.keys(decoded).sort()).toEqual(["generateTimestamp", "getIteratorParam"]);
      expect(decoded.generateTimestamp).toBeGreaterThan(Date.now() - 60_000);
      expect(decoded.getIteratorParam).toMatchObject({ "partition-id": "shardId-0000000000", "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": expected });
    }
  });

  it("a cursor whose position was changed is refused", async () => {
    const stream = await newStream(1);
    await put(stream, [{ data: b64("a") }, { data: b64("b") }]);
    const text = await cursor(stream);
    const decoded = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/")));
    decoded.getIteratorParam["starting-sequence-number"] = "1";
    const forged = btoa(JSON.stringify(decoded)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expectError(await get(forged), "DIS.4217");
    expect((await get(text)).json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["a", "b"]);
  });
});
