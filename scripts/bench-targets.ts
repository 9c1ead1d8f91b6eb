/** The systems `npm run bench` and `npm run profile` drive: this service as a DIS client does, and kinesalite as a Kinesis client. */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { canonicalQuery, canonicalRequest, canonicalUri } from "../src/auth/signature";
import { DEV_IDENTITY } from "../src/identity/provision";
import { dis } from "../src/records/protobuf/messages.js";

const MIB = 1024 * 1024;

export interface Workload {
  name: string;
  puts: number;
  concurrency: number;
  records: number;
  size: number;
  /** Read everything back afterwards. */
  read: boolean;
}

export interface Target {
  name: string;
  setup(): Promise<void>;
  put(): Promise<{ rowsWritten?: number }>;
  readAll(total: number): Promise<number>;
  /** Waits until the records up to `sequence` have moved to segments (this service's cold read). */
  waitForSegments?(sequence: number): Promise<void>;
  /** Of the records the last readAll read, how many came from segments (this service, STORAGE_STATS on). */
  readFromSegments?: number;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Response> {
  const response = await fetch(url, { method: "POST", headers, body });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response;
}

/** Our service, driven as a DIS client: AK/SK-signed requests with JSON bodies, or the old SDKs' protobuf. */
export function disTarget(endpoint: string, format: "json" | "protobuf", w: Workload): Target {
  const stream = `bench-${format}-${w.name}-${Date.now().toString(36)}`;
  const payload = randomBytes(w.size).toString("base64");
  const host = new URL(endpoint).host;
  const contentType = format === "json" ? "application/json" : "application/x-protobuf";

  async function signed(method: string, path: string, body: string | Uint8Array = "", type = "application/json"): Promise<Response> {
    const url = new URL(path, endpoint);
    const headers: Record<string, string> = {
      "content-type": type,
      host,
      "x-sdk-date": new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, ""),
    };
    // Signed as the DIS SDKs sign (SDK-HMAC-SHA256), with Node's synchronous hashing as their
    // platforms' own (Java's Mac, Python's hmac) is: the client's CPU is shared with the service.
    const request = canonicalRequest({
      method,
      canonicalUri: canonicalUri(url.pathname),
      canonicalQuery: canonicalQuery(url.search),
      headers: Object.entries(headers),
      payloadHash: createHash("sha256").update(body).digest("hex"),
    });
    const stringToSign = `SDK-HMAC-SHA256\n${headers["x-sdk-date"]}\n${createHash("sha256").update(request).digest("hex")}`;
    const signature = createHmac("sha256", DEV_IDENTITY.secretKey).update(stringToSign).digest("hex");
    headers.authorization = `SDK-HMAC-SHA256 Access=${DEV_IDENTITY.accessKey}, SignedHeaders=content-type;host;x-sdk-date, Signature=${signature}`;
    const response = await fetch(url, { method, headers, body: method === "GET" ? undefined : (body as BodyInit) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  const raw = Buffer.from(payload, "base64");
  const putBody =
    format === "json"
      ? JSON.stringify({ stream_name: stream, records: Array.from({ length: w.records }, () => ({ data: payload })) })
      : dis.PutRecordsRequest.encode({ streamName: stream, records: Array.from({ length: w.records }, () => ({ data: raw })) }).finish();
  const project = DEV_IDENTITY.project;
  return {
    name: `dis (${format} bodies)`,
    async setup() {
      await signed("POST", `/v2/${project}/streams`, JSON.stringify({ stream_name: stream, partition_count: 1, stream_type: "ADVANCED" }));
    },
    async put() {
      const response = await signed("POST", `/v2/${project}/records`, putBody, contentType);
      const failed =
        format === "json"
          ? ((await response.json()) as { failed_record_count: number }).failed_record_count
          : dis.PutRecordsResult.decode(new Uint8Array(await response.arrayBuffer())).failedRecordCount;
      if (failed !== 0) throw new Error(`${failed} records failed`);
      return { rowsWritten: Number(response.headers.get("x-storage-rows-written")) };
    },
    async waitForSegments(sequence) {
      const query = new URLSearchParams({ "stream-name": stream, "partition-id": "0", "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": String(sequence) });
      const deadline = Date.now() + 300_000;
      while (Date.now() < deadline) {
        const cursor = ((await (await signed("GET", `/v2/${project}/cursors?${query}`)).json()) as { partition_cursor: string }).partition_cursor;
        const response = await signed("GET", `/v2/${project}/records?${new URLSearchParams({ "partition-cursor": cursor, limit: "1" })}`);
        await response.arrayBuffer();
        if (response.headers.get("x-storage-segment-records") === "1") return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`record ${sequence} never moved to a segment`);
    },
    async readAll(total) {
      const query = new URLSearchParams({ "stream-name": stream, "partition-id": "0", "cursor-type": "TRIM_HORIZON" });
      let cursor = ((await (await signed("GET", `/v2/${project}/cursors?${query}`)).json()) as { partition_cursor: string }).partition_cursor;
      let read = 0;
      this.readFromSegments = 0;
      while (read < total) {
        const q = new URLSearchParams({ "partition-cursor": cursor, max_fetch_bytes: String(10 * MIB) });
        const response = await signed("GET", `/v2/${project}/records?${q}`, "", contentType);
        this.readFromSegments! += Number(response.headers.get("x-storage-segment-records") ?? 0);
        let count: number;
        if (format === "json") {
          const page = (await response.json()) as { records: unknown[]; next_partition_cursor: string };
          count = page.records.length;
          cursor = page.next_partition_cursor;
        } else {
          const page = dis.GetRecordsResult.decode(new Uint8Array(await response.arrayBuffer()));
          count = page.records.length;
          cursor = page.nextShardIterator;
        }
        if (count === 0) throw new Error(`read stalled at ${read} of ${total}`);
        read += count;
      }
      return read;
    },
  };
}

/** kinesalite, driven as a Kinesis client (it checks the shape of SigV4 headers, not signatures). */
export function kinesisTarget(endpoint: string, w: Workload): Target {
  const stream = `bench-${w.name}`;
  const payload = randomBytes(w.size).toString("base64");
  const call = async (target: string, body: unknown) => {
    const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const response = await post(
      endpoint,
      {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `Kinesis_20131202.${target}`,
        "x-amz-date": amzDate,
        authorization: `AWS4-HMAC-SHA256 Credential=AKID/${amzDate.slice(0, 8)}/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`,
      },
      JSON.stringify(body),
    );
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as Record<string, any>;
  };
  const putBody = { StreamName: stream, Records: Array.from({ length: w.records }, (_, i) => ({ Data: payload, PartitionKey: String(i) })) };
  return {
    name: "kinesalite",
    async setup() {
      await call("CreateStream", { StreamName: stream, ShardCount: 1 });
      for (let i = 0; i < 100; i++) {
        const d = await call("DescribeStream", { StreamName: stream });
        if (d.StreamDescription.StreamStatus === "ACTIVE") return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("kinesalite stream never became ACTIVE");
    },
    async put() {
      const result = await call("PutRecords", putBody);
      if (result.FailedRecordCount !== 0) throw new Error(`${result.FailedRecordCount} records failed`);
      return {};
    },
    async readAll(total) {
      let iterator = (await call("GetShardIterator", { StreamName: stream, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" })).ShardIterator;
      let read = 0;
      while (read < total) {
        const page = await call("GetRecords", { ShardIterator: iterator, Limit: 10000 });
        if (page.Records.length === 0) throw new Error(`read stalled at ${read} of ${total}`);
        read += page.Records.length;
        iterator = page.NextShardIterator;
      }
      return read;
    },
  };
}


/** What the floor worker (scripts/bench-floor/worker.js) does for a request, by path. */
export const FLOOR_STEPS = ["answers", "answers after one Durable Object call", "answers after a row written durably in the Durable Object"] as const;
export type FloorStep = (typeof FLOOR_STEPS)[number];
const FLOOR_PATHS: Record<FloorStep, string> = {
  answers: "/answer",
  "answers after one Durable Object call": "/call",
  "answers after a row written durably in the Durable Object": "/write",
};

/** The floor worker, sent the body of a DIS put of this workload (unsigned: it checks nothing). */
export function floorTarget(endpoint: string, step: FloorStep, w: Workload): Target {
  const payload = randomBytes(w.size).toString("base64");
  const body = JSON.stringify({ stream_name: "floor", records: Array.from({ length: w.records }, () => ({ data: payload })) });
  const url = `${endpoint}${FLOOR_PATHS[step]}`;
  return {
    name: `floor (${step})`,
    async setup() {},
    async put() {
      await (await post(url, { "content-type": "application/json" }, body)).json();
      return {};
    },
    async readAll() {
      return 0;
    },
  };
}
