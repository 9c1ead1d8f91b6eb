/** The systems `npm run bench` and `npm run profile` drive: this service as a DIS client does, and kinesalite as a Kinesis client. */
import { randomBytes } from "node:crypto";
import { signedHeaders as signRequest } from "../client/sign";
import { DEV_IDENTITY } from "../src/identity/provision";
import { signedPassword } from "../src/mqtt/credentials";
import mqttPacket from "mqtt-packet";
import WebSocket from "ws";
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
  /** Records are JSON objects of about `size` bytes, into a JSON stream with a data_schema they fit (each record checked). */
  typed?: boolean;
}

/** The typed workload's stream schema: a device reading, as IoT streams declare them. */
export const READING_SCHEMA = {
  type: "record",
  name: "Reading",
  fields: [
    { name: "device", type: "string" },
    { name: "at", type: "long" },
    { name: "temperature", type: "double" },
    { name: "ok", type: "boolean" },
    { name: "note", type: ["null", "string"], default: null },
  ],
};

/** One reading of about `size` bytes (its note pads it), as base64. */
function readingPayload(size: number): string {
  const base = { device: "sensor-0042", at: Date.now(), temperature: 21.375, ok: true, note: "" };
  const note = "x".repeat(Math.max(0, size - JSON.stringify(base).length));
  return Buffer.from(JSON.stringify({ ...base, note })).toString("base64");
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

/** One request to this service, signed as the DIS SDKs sign (SDK-HMAC-SHA256) with the dev identity's key. */
export async function signedFetch(endpoint: string, method: string, path: string, body: string | Uint8Array = "", type = "application/json"): Promise<Response> {
  const url = new URL(path, endpoint);
  const headers = signedHeaders(url, method, body, type);
  const response = await fetch(url, { method, headers, body: method === "GET" ? undefined : (body as BodyInit) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** The headers of a request signed as the DIS SDKs sign it, with the dev identity's key. */
export function signedHeaders(url: URL, method: string, body: string | Uint8Array = "", type = "application/json"): Record<string, string> {
  return signRequest({ ak: DEV_IDENTITY.accessKey, sk: DEV_IDENTITY.secretKey }, url, method, body, type);
}

/** Our service, driven as a DIS client: AK/SK-signed requests with JSON bodies, or the old SDKs' protobuf. */
export function disTarget(endpoint: string, format: "json" | "protobuf", w: Workload): Target {
  const stream = `bench-${format}-${w.name}-${Date.now().toString(36)}`;
  const payload = w.typed ? readingPayload(w.size) : randomBytes(w.size).toString("base64");
  const contentType = format === "json" ? "application/json" : "application/x-protobuf";
  const typing = w.typed ? { data_type: "JSON", data_schema: JSON.stringify(READING_SCHEMA) } : {};

  const signed = (method: string, path: string, body: string | Uint8Array = "", type = "application/json") => signedFetch(endpoint, method, path, body, type);

  const raw = Buffer.from(payload, "base64");
  const putBody =
    format === "json"
      ? JSON.stringify({ stream_name: stream, records: Array.from({ length: w.records }, () => ({ data: payload })) })
      : dis.PutRecordsRequest.encode({ streamName: stream, records: Array.from({ length: w.records }, () => ({ data: raw })) }).finish();
  const project = DEV_IDENTITY.project;
  return {
    name: `dis (${format} bodies)`,
    async setup() {
      await signed("POST", `/v2/${project}/streams`, JSON.stringify({ stream_name: stream, partition_count: 1, stream_type: "ADVANCED", ...typing }));
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

/**
 * A device as small MQTT stacks are (esp-mqtt, Paho embedded): a WebSocket (ws) and MQTT 5 packets
 * (mqtt-packet), no client-side queues or stores; QoS 1 publishes, each answered by its PUBACK.
 * The benchmark's devices share the machine's two cores with the service, so they are kept lean.
 */
class BenchDevice {
  private readonly parser = mqttPacket.parser({ protocolVersion: 5 });
  /** Who waits for the answer to what: the CONNACK (0), or a PUBACK by packet id. */
  private readonly waiting = new Map<number, (packet: mqttPacket.Packet) => void>();
  private nextId = 0;

  private constructor(private readonly socket: WebSocket) {
    this.parser.on("packet", (packet: mqttPacket.Packet) => {
      const id = packet.cmd === "connack" ? 0 : (packet.messageId ?? -1);
      const waiting = this.waiting.get(id);
      this.waiting.delete(id);
      waiting?.(packet);
    });
    socket.on("message", (data: Buffer) => this.parser.parse(data));
  }

  private outbox: Buffer[] = [];

  /** Sends a packet; the packets a device has ready in one turn leave together, in one WebSocket frame. */
  private answer(id: number, packet: mqttPacket.Packet): Promise<mqttPacket.Packet> {
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.outbox.push(mqttPacket.generate(packet, { protocolVersion: 5 }));
      if (this.outbox.length === 1) {
        queueMicrotask(() => {
          const frame = Buffer.concat(this.outbox);
          this.outbox = [];
          this.socket.send(frame);
        });
      }
    });
  }

  static async connect(url: string, clientId: string): Promise<BenchDevice> {
    const socket = new WebSocket(url, "mqtt");
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const device = new BenchDevice(socket);
    const password = Buffer.from(await signedPassword(DEV_IDENTITY.secretKey, clientId, Math.floor(Date.now() / 1000)));
    const connack = await device.answer(0, { cmd: "connect", protocolVersion: 5, clientId, clean: true, keepalive: 60, username: DEV_IDENTITY.accessKey, password });
    if (connack.cmd !== "connack" || connack.reasonCode !== 0) throw new Error(`CONNECT refused: ${JSON.stringify(connack)}`);
    return device;
  }

  async publish(topic: string, payload: Buffer): Promise<void> {
    this.nextId = (this.nextId % 65535) + 1;
    const puback = await this.answer(this.nextId, { cmd: "publish", topic, payload, qos: 1, dup: false, retain: false, messageId: this.nextId });
    if (puback.cmd !== "puback" || (puback.reasonCode ?? 0) !== 0) throw new Error(`publish refused: ${JSON.stringify(puback)}`);
  }

  close(): void {
    this.socket.send(mqttPacket.generate({ cmd: "disconnect" }, { protocolVersion: 5 }));
    this.socket.close();
  }
}

/**
 * Devices over MQTT: `w.concurrency` connections (MQTT 5 over WebSocket, signed with the dev access
 * key) publishing `w.size`-byte records at QoS 1 to a one-partition stream; a put is one publish,
 * measured to its PUBACK. Each connection has up to `window` publishes in flight (MQTT 5 lets a
 * device send up to the server's Receive Maximum before the first PUBACK), so `w.concurrency` is
 * `connections × window`. Without `createStream`, no stream is made first (the runtime's floor).
 */
export function deviceTarget(endpoint: string, w: Workload, window = 1, createStream = true): Target & { close(): Promise<void> } {
  const stream = `bench-mqtt-${w.name}-${Date.now().toString(36)}`;
  const payload = randomBytes(w.size);
  const idle: BenchDevice[] = [];
  const all: BenchDevice[] = [];
  const project = DEV_IDENTITY.project;
  return {
    name: "dis (MQTT)",
    async setup() {
      if (createStream) await signedFetch(endpoint, "POST", `/v2/${project}/streams`, JSON.stringify({ stream_name: stream, partition_count: 1, stream_type: "ADVANCED" }));
      const url = `${endpoint.replace(/^http/, "ws")}/mqtt`;
      for (let i = 0; i < w.concurrency / window; i++) {
        const device = await BenchDevice.connect(url, `${stream}-${i}`);
        all.push(device);
        for (let k = 0; k < window; k++) idle.push(device);
      }
    },
    async put() {
      const device = idle.pop()!;
      try {
        await device.publish(stream, payload);
      } finally {
        idle.push(device);
      }
      return {};
    },
    async readAll() {
      return 0;
    },
    async close() {
      for (const device of all) device.close();
    },
  };
}

/** kinesalite, driven as a Kinesis client (it checks the shape of SigV4 headers, not signatures). */
export function kinesisTarget(endpoint: string, w: Workload): Target {
  const stream = `bench-${w.name}`;
  const payload = randomBytes(w.size).toString("base64");
  const call = kinesisCaller(endpoint);
  const putBody = { StreamName: stream, Records: Array.from({ length: w.records }, (_, i) => ({ Data: payload, PartitionKey: String(i) })) };
  return {
    name: "kinesalite",
    async setup() {
      await createKinesisStream(call, stream);
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

export type KinesisCall = (target: string, body: unknown) => Promise<Record<string, any>>;

/** Kinesis API calls to kinesalite, with SigV4-shaped headers. */
export function kinesisCaller(endpoint: string): KinesisCall {
  return async (target, body) => {
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
}

/** Creates a one-shard Kinesis stream and waits until it is ACTIVE. */
export async function createKinesisStream(call: KinesisCall, stream: string): Promise<void> {
  await call("CreateStream", { StreamName: stream, ShardCount: 1 });
  for (let i = 0; i < 100; i++) {
    const d = await call("DescribeStream", { StreamName: stream });
    if (d.StreamDescription.StreamStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("kinesalite stream never became ACTIVE");
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
