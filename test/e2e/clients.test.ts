/**
 * Huawei's DIS clients against the running local service (`wrangler dev`, its runtime and proxy in
 * front): the real Node signer core, and requests with the exact bytes of the Java and old Python
 * DIS SDKs, sent over a plain HTTP connection so that nothing rewrites them.
 */
import { request as httpRequest } from "node:http";
import { zstdCompressSync } from "node:zlib";
import { compressBlock, compressBound } from "lz4js";
import { compress as snappyCompress } from "snappyjs";
import { describe, expect, inject, it } from "vitest";
import { javaDisRequest, pythonDisRequest, type WireRequest } from "../helpers/sdk-wire";
import { DEV, disClient, send } from "./dis-client";

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends the request byte for byte as built, and reads the answer without decoding it. */
function sendRaw(wire: WireRequest): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const url = new URL(wire.url);
    const headers: Record<string, string> = { ...wire.headers };
    if (wire.clientAcceptEncoding !== undefined) headers["accept-encoding"] = wire.clientAcceptEncoding;
    const body = typeof wire.body === "string" ? Buffer.from(wire.body) : Buffer.from(wire.body);
    if (body.length > 0 || wire.method === "POST") headers["content-length"] = String(body.length);
    const req = httpRequest({ host: url.hostname, port: url.port, method: wire.method, path: url.pathname + url.search, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const json = (reply: RawReply) => JSON.parse(reply.body.toString("utf8"));
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("Huawei's clients against the local service", () => {
  const endpoint = () => inject("disEndpoint");
  const client = disClient();

  async function newStream(partitions = 1): Promise<string> {
    const name = `e2e-cl-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: name, partition_count: partitions } })).httpStatusCode).toBe(201);
    return name;
  }

  it("the signer core deletes a tag whose key is Chinese", async () => {
    const stream = await newStream();
    const described = await send(client, { method: "GET", url: `/v2/{project_id}/streams/${stream}` });
    const id = described.stream_id as string;
    expect((await send(client, { method: "POST", url: `/v2/{project_id}/stream/${id}/tags`, data: { tag: { key: "环境", value: "生产" } } })).httpStatusCode).toBe(204);
    const deleted = await client.sendRequest({
      method: "DELETE",
      url: "/v2/{project_id}/stream/{stream_id}/tags/{key}",
      contentType: "application/json",
      pathParams: { stream_id: id, key: "环境" },
      queryParams: {},
      headers: {},
    });
    expect((deleted as { httpStatusCode: number }).httpStatusCode).toBe(204);
    const listed = await send(client, { method: "GET", url: `/v2/{project_id}/stream/${id}/tags` });
    expect(listed.tags).toEqual([]);
  });

  it("describe of a scaled stream carries a result_msg that parses as an integer and as a string", async () => {
    const stream = await newStream(1);
    expect((await send(client, { method: "PUT", url: `/v2/{project_id}/streams/${stream}`, data: { stream_name: stream, target_partition_count: 2 } })).httpStatusCode).toBe(200);
    const described = await send(client, { method: "GET", url: `/v2/{project_id}/streams/${stream}` });
    expect(described.update_partition_counts).toEqual([
      { create_timestamp: expect.any(Number), src_partition_count: 1, target_partition_count: 2, result_code: 0, result_msg: "0", auto_scale: false },
    ]);
    expect(Number.isInteger(Number(described.update_partition_counts[0].result_msg))).toBe(true);
  });

  it("empty answers leave with Content-Length 0 and uncompressed, to a client that accepts gzip", async () => {
    const stream = `e2e-empty-${Date.now().toString(36)}`;
    const body = JSON.stringify({ stream_name: stream, partition_count: 1 });
    const wire = await javaDisRequest({ method: "POST", path: `/v2/${DEV.project}/streams/`, body }, endpoint());
    wire.headers["accept-encoding"] = "gzip,deflate";
    const created = await sendRaw(wire);
    expect(created.status, created.body.toString()).toBe(201);
    expect(created.headers["content-length"]).toBe("0");
    expect(created.headers["transfer-encoding"]).toBeUndefined();
    expect(created.headers["content-encoding"]).not.toBe("gzip");
    expect(created.body.length).toBe(0);
  });

  it.each([
    ["lz4", (b: Buffer) => {
      const out = new Uint8Array(compressBound(b.length));
      return out.subarray(0, compressBlock(b, out, 0, b.length, new Uint32Array(1 << 16)));
    }],
    ["snappy", (b: Buffer) => snappyCompress(new Uint8Array(b))],
    ["zstd", (b: Buffer) => new Uint8Array(zstdCompressSync(b))],
  ] as const)("the Java SDK puts a %s-compressed body with its own Accept-Encoding signed", async (encoding, compress) => {
    const stream = await newStream();
    const original = Buffer.from(JSON.stringify({ stream_name: stream, records: Array.from({ length: 40 }, (_, i) => ({ data: b64(`java record ${i}`) })) }));
    const wire = await javaDisRequest({ method: "POST", path: `/v2/${DEV.project}/records/`, body: compress(original), compression: { encoding, originalLength: original.length } }, endpoint());
    const reply = await sendRaw(wire);
    expect(reply.status, reply.body.toString()).toBe(200);
    expect(reply.headers["content-encoding"]).toBeUndefined();
    const answer = json(reply);
    expect(answer.failed_record_count).toBe(0);
    expect(answer.records).toHaveLength(40);
    expect(answer.records[39]).toEqual({ partition_id: "shardId-0000000000", sequence_number: "39" });
  });

  it("the old Python SDK reads metrics with a JSON body on its GET, signed over the host without its port", async () => {
    const stream = await newStream();
    const now = Math.floor(Date.now() / 1000);
    const wire = await pythonDisRequest(
      {
        method: "GET",
        path: `/v2/${DEV.project}/streams/${stream}/metrics`,
        query: [["label", "total_put_records_per_stream"], ["end_time", String(now)], ["start_time", String(now - 600)]],
        body: { stream_name: stream },
      },
      endpoint(),
    );
    expect(wire.headers.host).toMatch(/:\d+$/);
    const reply = await sendRaw(wire);
    expect(reply.status, reply.body.toString()).toBe(200);
    expect(json(reply).metrics.label).toBe("total_put_records_per_stream");
  });

  it("the old Python SDK puts with an empty stream_id and reads back with limit", async () => {
    const stream = await newStream();
    const put = await sendRaw(await pythonDisRequest({ method: "POST", path: `/v2/${DEV.project}/records/`, body: { stream_name: stream, stream_id: "", records: [{ data: b64("a") }, { data: b64("b") }] } }, endpoint()));
    expect(put.status, put.body.toString()).toBe(200);
    const cursor = await sendRaw(await pythonDisRequest({ method: "GET", path: `/v2/${DEV.project}/cursors/`, query: [["stream-name", stream], ["partition-id", "0"], ["cursor-type", "TRIM_HORIZON"]] }, endpoint()));
    const records = await sendRaw(await pythonDisRequest({ method: "GET", path: `/v2/${DEV.project}/records/`, query: [["partition-cursor", json(cursor).partition_cursor], ["limit", "1"]] }, endpoint()));
    expect(json(records).records.map((r: { data: string }) => Buffer.from(r.data, "base64").toString())).toEqual(["a"]);
  });
});
