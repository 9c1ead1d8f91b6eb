/**
 * `npm run bench:transfer`: how fast a transfer task delivers a partition's backlog into R2.
 *
 * Workload: BENCH_TRANSFER_RECORDS JSON records of about BENCH_SIZE bytes in one partition, then a
 * TRIM_HORIZON task (30-second interval) delivers them as gzip text, and another, on a second
 * stream with a data_schema, as Parquet. The figure is the time from the start of the delivery's
 * first run (its first `last_transfer_timestamp`) until describe shows the last record delivered,
 * polled every 100 ms. The delivered objects are then listed and their metadata checked: sequence
 * ranges that cover every record exactly once, in order.
 * Environment: BENCH_TRANSFER_RECORDS (100000), BENCH_SIZE (1024), BENCH_CONCURRENCY (4).
 */
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { ensureDevVars } from "./local-state";
import { requestDevToken, startLocalService } from "./local-service";

const RECORDS = Number(process.env.BENCH_TRANSFER_RECORDS ?? 100_000);
const SIZE = Number(process.env.BENCH_SIZE ?? 1024);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PER_PUT = 500;
const MIB = 1024 * 1024;

const schema = {
  type: "record",
  name: "Reading",
  fields: [
    { name: "device", type: "string" },
    { name: "seq", type: "long" },
    { name: "value", type: "double" },
    { name: "ok", type: "boolean" },
    { name: "payload", type: "string" },
  ],
};

/** One JSON record of about SIZE bytes (a base64 payload fills it: compressible like real text, not like zeros). */
function record(i: number): string {
  const head = JSON.stringify({ device: `device-${i % 1000}`, seq: i, value: i / 7, ok: i % 2 === 0, payload: "" });
  const fill = Math.max(0, SIZE - head.length);
  return JSON.stringify({ device: `device-${i % 1000}`, seq: i, value: i / 7, ok: i % 2 === 0, payload: randomBytes(fill).toString("base64").slice(0, fill) });
}

interface Client {
  call(method: string, path: string, body?: unknown): Promise<Record<string, any>>;
  admin(path: string): Promise<Record<string, any>>;
}

async function client(endpoint: string): Promise<Client> {
  const tokenReply = await requestDevToken(endpoint);
  const token = tokenReply.headers.get("x-subject-token") ?? "";
  const secret = ensureDevVars().ADMIN_SECRET;
  const parse = async (r: Response, what: string) => {
    const text = await r.text();
    if (!r.ok) throw new Error(`${what}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, any>;
  };
  return {
    call: async (method, path, body) =>
      parse(
        await fetch(`${endpoint}/v2/devproject${path}`, {
          method,
          headers: { "content-type": "application/json", "x-auth-token": token },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        `${method} ${path}`,
      ),
    admin: async (path) => parse(await fetch(`${endpoint}/admin/v1${path}`, { headers: { authorization: `Bearer ${secret}` } }), path),
  };
}

async function fill(dis: Client, stream: string): Promise<number> {
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < RECORDS) {
      const from = next;
      next = Math.min(RECORDS, next + PER_PUT);
      const records = [];
      for (let i = from; i < next; i++) {
        const data = record(i);
        bytes += data.length;
        records.push({ data: Buffer.from(data).toString("base64") });
      }
      const reply = await dis.call("POST", "/records", { stream_name: stream, records });
      if (reply.failed_record_count !== 0) throw new Error(`put refused ${reply.failed_record_count} records`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return bytes;
}

interface Delivery {
  seconds: number;
  objects: number;
  objectBytes: number;
}

async function deliver(dis: Client, stream: string, fileType: "text" | "parquet"): Promise<Delivery> {
  const prefix = `bench/${stream.replace(/-/g, "_")}`;
  await dis.call("POST", `/streams/${stream}/transfer-tasks`, {
    destination_type: "OBS",
    obs_destination_descriptor: {
      task_name: "bench",
      agency_name: "dis_admin_agency",
      obs_bucket_path: "obsbucket",
      file_prefix: prefix,
      consumer_strategy: "TRIM_HORIZON",
      destination_file_type: fileType,
      deliver_time_interval: 30,
    },
  });
  // A large backlog is delivered in several runs: time from the first run's start.
  let firstRun = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const described = await dis.call("GET", `/streams/${stream}/transfer-tasks/bench`);
    if (described.state === "ABNORMAL") throw new Error(`delivery failed: ${JSON.stringify(described)}`);
    firstRun ||= described.last_transfer_timestamp;
    if (described.partitions[0].last_transfer_offset === RECORDS - 1) break;
  }
  const seconds = (Date.now() - firstRun) / 1000;

  const objects: Record<string, any>[] = [];
  let cursor: string | undefined;
  do {
    const page = await dis.admin(`/buckets/obsbucket/objects?prefix=${encodeURIComponent(prefix + "/")}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  objects.sort((a, b) => Number(a.metadata.first_sequence_number) - Number(b.metadata.first_sequence_number));
  let expected = 0;
  for (const o of objects) {
    if (Number(o.metadata.first_sequence_number) !== expected) throw new Error(`gap or overlap before ${o.key}`);
    expected = Number(o.metadata.last_sequence_number) + 1;
  }
  if (expected !== RECORDS) throw new Error(`objects end at ${expected}, not ${RECORDS}`);
  return { seconds, objects: objects.length, objectBytes: objects.reduce((sum, o) => sum + o.size, 0) };
}

function report(name: string, d: Delivery, dataBytes: number) {
  console.log(
    `  ${name}: ${RECORDS} records in ${d.seconds.toFixed(2)} s → ${(RECORDS / d.seconds).toFixed(0)} records/s, ` +
      `${(dataBytes / MIB / d.seconds).toFixed(1)} MiB/s of record data; ${d.objects} objects, ${(d.objectBytes / MIB).toFixed(1)} MiB written ` +
      `(${((100 * d.objectBytes) / dataBytes).toFixed(0)} % of the data); every record once, in order`,
  );
}

async function main() {
  console.log(`Workload: ${RECORDS} JSON records × ~${SIZE} B in one partition, delivered from the start by one transfer task.`);
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  const service = await startLocalService({ vars: { TRAFFIC_CONTROL: "off" } });
  try {
    const dis = await client(service.endpoint);
    const suffix = Date.now().toString(36);
    const text = `bench-text-${suffix}`;
    const parquet = `bench-parquet-${suffix}`;
    await dis.call("POST", "/streams", { stream_name: text, partition_count: 1, data_type: "JSON" });
    await dis.call("POST", "/streams", { stream_name: parquet, partition_count: 1, data_type: "JSON", data_schema: JSON.stringify(schema) });
    const textBytes = await fill(dis, text);
    const parquetBytes = await fill(dis, parquet);
    console.log("Each task delivers 30 seconds after its creation, one after the other…");
    report("text (gzip)", await deliver(dis, text, "text"), textBytes);
    report("parquet    ", await deliver(dis, parquet, "parquet"), parquetBytes);
  } finally {
    await service.stop();
  }
}

await main();
