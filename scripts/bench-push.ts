/**
 * The push workload of `npm run bench`: how late a consumer sees a record, measured from the put's
 * answer to the record's arrival at the consumer (negative when it arrived first). Single-record
 * puts of 200 bytes, one at a time, every PUSH_INTERVAL_MS; the consumer is a live subscriber
 * (WebSocket), or a poller calling get records back to back (this service sets no call rate), or a
 * Kinesis poller calling GetRecords at Kinesis's limit of 5 calls a second per shard (and, for
 * comparison, back to back).
 */
import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { DEV_IDENTITY } from "../src/identity/provision";
import { createKinesisStream, kinesisCaller, signedFetch, signedHeaders } from "./bench-targets";

export const PUSH_PUTS = Number(process.env.BENCH_PUSH_PUTS ?? 500);
export const PUSH_INTERVAL_MS = Number(process.env.BENCH_PUSH_INTERVAL_MS ?? 10);
/** Kinesis allows 5 GetRecords calls a second per shard. */
export const KINESIS_POLL_MS = 200;

export interface Lateness {
  p50: number;
  p99: number;
  records: number;
}

const project = DEV_IDENTITY.project;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lateness(answered: number[], arrived: number[]): Lateness {
  const late = answered.map((at, i) => arrived[i]! - at).sort((a, b) => a - b);
  const at = (p: number) => late[Math.min(late.length - 1, Math.floor((p / 100) * late.length))]!;
  return { p50: at(50), p99: at(99), records: late.length };
}

/** Puts PUSH_PUTS records, record i's data starting with `i:`; returns when each put was answered. */
async function putPaced(put: (data: Buffer) => Promise<void>): Promise<number[]> {
  const answered: number[] = [];
  const padding = randomBytes(200).toString("hex");
  for (let i = 0; i < PUSH_PUTS; i++) {
    const started = performance.now();
    await put(Buffer.from(`${i}:${padding}`.slice(0, 200)));
    answered[i] = performance.now();
    const rest = PUSH_INTERVAL_MS - (answered[i]! - started);
    if (rest > 0) await sleep(rest);
  }
  return answered;
}

/** Notes the arrival of each record by the index its data starts with. */
function noteArrival(arrived: number[], data: Buffer): void {
  const index = Number(data.toString("utf8", 0, data.indexOf(58)));
  arrived[index] ??= performance.now();
}

async function until(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("consumer did not get every record in time");
    await sleep(5);
  }
}

async function newStream(endpoint: string, name: string): Promise<void> {
  await signedFetch(endpoint, "POST", `/v2/${project}/streams`, JSON.stringify({ stream_name: name, partition_count: 1, stream_type: "ADVANCED" }));
}

function disPut(endpoint: string, stream: string) {
  return async (data: Buffer) => {
    await signedFetch(endpoint, "POST", `/v2/${project}/records`, JSON.stringify({ stream_name: stream, records: [{ data: data.toString("base64") }] }));
  };
}

/** This service, a live subscriber from LATEST acking each frame. */
export async function pushLateness(endpoint: string): Promise<Lateness> {
  const stream = `bench-push-${Date.now().toString(36)}`;
  await newStream(endpoint, stream);
  const url = new URL(`/v2/${project}/records/subscribe?stream-name=${stream}&partition-id=0&window=16`, endpoint);
  const socket = new WebSocket(url.toString().replace(/^http/, "ws"), ["dis-records"], { headers: signedHeaders(url, "GET") });
  const arrived: number[] = [];
  let subscribed = false;
  socket.on("message", (text) => {
    const frame = JSON.parse(String(text)) as { type: string; records?: { sequence_number: string; data: string }[] };
    if (frame.type === "subscribed") subscribed = true;
    if (frame.type !== "records") return;
    for (const r of frame.records!) noteArrival(arrived, Buffer.from(r.data, "base64"));
    socket.send(JSON.stringify({ action: "ack", sequence_number: frame.records!.at(-1)!.sequence_number }));
  });
  await until(() => subscribed);
  const answered = await putPaced(disPut(endpoint, stream));
  await until(() => arrived.filter((a) => a !== undefined).length === PUSH_PUTS);
  socket.close();
  return lateness(answered, arrived);
}

/** This service, get records called back to back from a LATEST cursor. */
export async function pollLateness(endpoint: string): Promise<Lateness> {
  const stream = `bench-poll-${Date.now().toString(36)}`;
  await newStream(endpoint, stream);
  const query = new URLSearchParams({ "stream-name": stream, "partition-id": "0", "cursor-type": "LATEST" });
  let cursor = ((await (await signedFetch(endpoint, "GET", `/v2/${project}/cursors?${query}`)).json()) as { partition_cursor: string }).partition_cursor;
  const arrived: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const page = (await (await signedFetch(endpoint, "GET", `/v2/${project}/records?partition-cursor=${encodeURIComponent(cursor)}`)).json()) as {
        records: { data: string }[];
        next_partition_cursor: string;
      };
      for (const r of page.records) noteArrival(arrived, Buffer.from(r.data, "base64"));
      cursor = page.next_partition_cursor;
    }
  })();
  const answered = await putPaced(disPut(endpoint, stream));
  await until(() => arrived.filter((a) => a !== undefined).length === PUSH_PUTS);
  polling = false;
  await poller;
  return lateness(answered, arrived);
}

/** kinesalite, GetRecords every `intervalMs` (0: back to back) from a LATEST iterator. */
export async function kinesisPollLateness(endpoint: string, intervalMs: number): Promise<Lateness> {
  const call = kinesisCaller(endpoint);
  const stream = `bench-poll-${intervalMs}-${Date.now().toString(36)}`;
  await createKinesisStream(call, stream);
  let iterator = (await call("GetShardIterator", { StreamName: stream, ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" })).ShardIterator as string;
  const arrived: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const started = performance.now();
      const page = await call("GetRecords", { ShardIterator: iterator, Limit: 10000 });
      for (const r of page.Records as { Data: string }[]) noteArrival(arrived, Buffer.from(r.Data, "base64"));
      iterator = page.NextShardIterator;
      const rest = intervalMs - (performance.now() - started);
      if (rest > 0) await sleep(rest);
    }
  })();
  const answered = await putPaced(async (data) => {
    await call("PutRecord", { StreamName: stream, PartitionKey: "k", Data: data.toString("base64") });
  });
  await until(() => arrived.filter((a) => a !== undefined).length === PUSH_PUTS);
  polling = false;
  await poller;
  return lateness(answered, arrived);
}
