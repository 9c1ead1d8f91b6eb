/**
 * `npm run bench`: put and read throughput of one partition, against the kinesalite Kinesis
 * implementation on the same machine with the same workloads, in the same run.
 *
 * Workloads, each to one partition (shard), traffic control off:
 * - batch: BENCH_PUTS (200) PutRecords of BENCH_RECORDS (500) records × BENCH_SIZE (1024) bytes,
 *   BENCH_CONCURRENCY (4) in flight, then every record read back from the start;
 * - batch-json: the batch puts of JSON readings into a JSON stream with a data_schema, each record
 *   checked against it (what typing a stream costs; kinesalite takes the same bytes untyped);
 * - IoT: single-record PutRecords of 200 bytes, as devices send them, at 1, 8 and 32 in flight
 *   (BENCH_IOT_PUTS, 5,000 at 32; a quarter of that at 8, a tenth at 1).
 * For each: records/s, p50/p99 latency, SQLite rows written per record, CPU of the service's
 * processes (and kinesalite's) per put request, and the ratio to kinesalite. BENCH_ONLY=batch|iot
 * runs one of them (`cold` the cold read alone). Beside the IoT workload at 32 in flight, the runtime's floor: the same requests
 * to a minimal worker under the same runtime (scripts/bench-floor), which answers, then also calls
 * a Durable Object, then also writes a row there durably: what a put costs before any of its work.
 * - devices: BENCH_DEVICE_PUTS (10,000) MQTT publishes of 200 bytes at QoS 1 from 32 connections to
 *   one partition, each connection waiting for its PUBACK, against kinesalite's single-record puts
 *   of the same records, 32 in flight (BENCH_ONLY=devices runs it alone);
 * - push: how late consumers see single-record puts made one at a time (scripts/bench-push.ts): a
 *   live subscriber against get records polled back to back, and kinesalite polled at Kinesis's
 *   5 calls a second per shard (and back to back); BENCH_ONLY=push runs it alone;
 * - cold read: the batch workload's puts (half as many) into a service whose hot window is 4 MiB,
 *   then, once the backlog has moved to segments in R2, everything read back from TRIM_HORIZON;
 *   against the hot read of the batch workload and kinesalite's read.
 */
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { deviceTarget, disTarget, floorTarget, FLOOR_STEPS, kinesisTarget, type FloorStep, type Target, type Workload } from "./bench-targets";
import { freePort, startLocalService, stopProcessGroup, waitForOutput } from "./local-service";
import { groupCpuSeconds } from "./process-cpu";
import { KINESIS_POLL_MS, kinesisPollLateness, pollLateness, PUSH_INTERVAL_MS, PUSH_PUTS, pushLateness, type Lateness } from "./bench-push";

const MIB = 1024 * 1024;
const IOT_PUTS = Number(process.env.BENCH_IOT_PUTS ?? 5000);

const BATCH: Workload = {
  name: "batch",
  puts: Number(process.env.BENCH_PUTS ?? 200),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
  records: Number(process.env.BENCH_RECORDS ?? 500),
  size: Number(process.env.BENCH_SIZE ?? 1024),
  read: true,
};
const BATCH_JSON: Workload = { ...BATCH, name: "batch-json", read: false, typed: true };
const IOT: Workload[] = [
  { name: "iot-1", puts: Math.ceil(IOT_PUTS / 10), concurrency: 1, records: 1, size: 200, read: false },
  { name: "iot-8", puts: Math.ceil(IOT_PUTS / 4), concurrency: 8, records: 1, size: 200, read: false },
  { name: "iot-32", puts: IOT_PUTS, concurrency: 32, records: 1, size: 200, read: false },
];

const DEVICE_PUTS = Number(process.env.BENCH_DEVICE_PUTS ?? 10_000);
const DEVICE_CONNECTIONS = 32;
/** Publishes each device connection keeps in flight. */
const DEVICE_WINDOW = Number(process.env.BENCH_DEVICE_WINDOW ?? 4);
/** Devices: MQTT publishes at QoS 1 from 32 connections; kinesalite gets the same records as single-record puts, 32 in flight. */
const DEVICES: Workload = { name: "devices-32", puts: DEVICE_PUTS, concurrency: DEVICE_CONNECTIONS * DEVICE_WINDOW, records: 1, size: 200, read: false };

const COLD: Workload = { ...BATCH, name: "cold", puts: Math.ceil(BATCH.puts / 2) };
/** The cold read's hot window: all but the last few thousand records of its backlog move to segments. */
const COLD_WINDOW_BYTES = 4 * MIB;

interface Figures {
  putRecordsPerSecond: number;
  putMiBPerSecond: number;
  p50: number;
  p99: number;
  readRecordsPerSecond?: number;
  /** Share of the records read that came from segments. */
  readFromSegments?: number;
  rowsPerRecord?: number;
  /** CPU milliseconds of the service's processes per put request. */
  cpuMsPerPut?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `processGroup`: the processes serving the target, whose CPU is counted. */
async function measure(target: Target, w: Workload, processGroup?: number): Promise<Figures> {
  await target.setup();
  await target.put(); // warm-up: first request compiles and wakes everything
  const latencies: number[] = [];
  let rows: number | undefined;
  let issued = 0;
  const cpuBefore = processGroup === undefined ? 0 : groupCpuSeconds(processGroup);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: w.concurrency }, async () => {
      while (issued < w.puts) {
        issued++;
        const t0 = performance.now();
        const result = await target.put();
        latencies.push(performance.now() - t0);
        if (result.rowsWritten !== undefined) rows = (rows ?? 0) + result.rowsWritten;
      }
    }),
  );
  const putSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = processGroup === undefined ? 0 : groupCpuSeconds(processGroup) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const figures: Figures = {
    putRecordsPerSecond: (w.puts * w.records) / putSeconds,
    putMiBPerSecond: (w.puts * w.records * w.size) / MIB / putSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
  if (rows !== undefined) figures.rowsPerRecord = rows / (w.puts * w.records);
  if (processGroup !== undefined) figures.cpuMsPerPut = (cpuSeconds * 1000) / w.puts;
  if (w.read) {
    const total = (w.puts + 1) * w.records;
    if (w === COLD && target.waitForSegments) await target.waitForSegments(total - (2 * COLD_WINDOW_BYTES) / w.size);
    const readStarted = performance.now();
    const read = await target.readAll(total);
    figures.readRecordsPerSecond = read / ((performance.now() - readStarted) / 1000);
    if (target.readFromSegments !== undefined) figures.readFromSegments = target.readFromSegments / read;
  }
  return figures;
}

function report(name: string, f: Figures) {
  console.log(`  ${name}`);
  console.log(`    put:  ${f.putRecordsPerSecond.toFixed(0)} records/s, ${f.putMiBPerSecond.toFixed(1)} MiB/s, latency p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`);
  if (f.readRecordsPerSecond !== undefined) {
    const share = f.readFromSegments ? `, ${(100 * f.readFromSegments).toFixed(0)} % of them from segments in R2` : "";
    console.log(`    read: ${f.readRecordsPerSecond.toFixed(0)} records/s${share}`);
  }
  const cpu = f.cpuMsPerPut === undefined ? "" : `CPU of its processes per put: ${f.cpuMsPerPut.toFixed(2)} ms`;
  if (f.rowsPerRecord !== undefined) console.log(`    SQLite rows written per record: ${f.rowsPerRecord.toFixed(3)}; ${cpu}`);
  else if (cpu) console.log(`    ${cpu}`);
}

function ratios(label: string, ours: Figures, theirs: Figures) {
  const parts = [`put ${(ours.putRecordsPerSecond / theirs.putRecordsPerSecond).toFixed(2)}×`, `p50 ${(ours.p50 / theirs.p50).toFixed(2)}×`, `p99 ${(ours.p99 / theirs.p99).toFixed(2)}×`];
  if (ours.readRecordsPerSecond !== undefined && theirs.readRecordsPerSecond !== undefined) parts.push(`read ${(ours.readRecordsPerSecond / theirs.readRecordsPerSecond).toFixed(2)}×`);
  console.log(`  ${label}: ${parts.join(", ")}`);
}

async function main() {
  const only = process.env.BENCH_ONLY;
  const workloads = [...(only === undefined || only === "batch" ? [BATCH, BATCH_JSON] : []), ...(only === undefined || only === "iot" ? IOT : []), ...(only === undefined || only === "devices" ? [DEVICES] : [])];
  const withCold = only === undefined || only === "cold";
  const withPush = only === undefined || only === "push";
  const push = new Map<string, Lateness>();
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);

  const ours = new Map<string, { json: Figures; protobuf?: Figures }>();
  const service = await startLocalService({ vars: { TRAFFIC_CONTROL: "off", STORAGE_STATS: "on", ...(process.env.BENCH_MQTT_GATEWAYS ? { MQTT_GATEWAYS: process.env.BENCH_MQTT_GATEWAYS } : {}) } });
  try {
    for (const w of workloads) {
      if (w === DEVICES) {
        const devices = deviceTarget(service.endpoint, w, DEVICE_WINDOW);
        ours.set(w.name, { json: await measure(devices, w, service.processGroup) });
        await devices.close();
        continue;
      }
      const json = await measure(disTarget(service.endpoint, "json", w), w, service.processGroup);
      const protobuf = w.records > 1 ? await measure(disTarget(service.endpoint, "protobuf", w), w, service.processGroup) : undefined;
      ours.set(w.name, protobuf ? { json, protobuf } : { json });
    }
    if (withPush) {
      push.set("dis: live subscriber (WebSocket)", await pushLateness(service.endpoint));
      push.set("dis: get records polled back to back", await pollLateness(service.endpoint));
    }
  } finally {
    await service.stop();
  }

  let cold: Figures | undefined;
  if (withCold) {
    const coldService = await startLocalService({ vars: { TRAFFIC_CONTROL: "off", STORAGE_STATS: "on", HOT_WINDOW_BYTES: String(COLD_WINDOW_BYTES) } });
    try {
      cold = await measure(disTarget(coldService.endpoint, "json", COLD), COLD, coldService.processGroup);
    } finally {
      await coldService.stop();
    }
  }

  const floor = new Map<FloorStep, Figures>();
  const busiest = IOT.at(-1)!;
  let deviceFloor: Figures | undefined;
  if (only === undefined || only === "iot" || only === "devices") {
    const floorPort = await freePort();
    const floorState = mkdtempSync(join(tmpdir(), "dis-floor-"));
    const server = spawn(join(import.meta.dirname, "..", "node_modules", ".bin", "tsx"), [join(import.meta.dirname, "bench-floor", "serve.ts")], {
      env: { ...process.env, PORT: String(floorPort), FLOOR_STATE_DIR: floorState },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    try {
      await waitForOutput(server, "Ready on", 60_000);
      if (only !== "devices") for (const step of FLOOR_STEPS) floor.set(step, await measure(floorTarget(`http://127.0.0.1:${floorPort}`, step, busiest), busiest, server.pid));
      if (only !== "iot") {
        const devices = deviceTarget(`http://127.0.0.1:${floorPort}`, DEVICES, DEVICE_WINDOW, false);
        deviceFloor = await measure(devices, DEVICES, server.pid);
        await devices.close();
      }
    } finally {
      await stopProcessGroup(server);
      rmSync(floorState, { recursive: true, force: true });
    }
  }

  const port = await freePort();
  const kinesalite = spawn(join(import.meta.dirname, "..", "node_modules", ".bin", "kinesalite"), ["--port", String(port), "--createStreamMs", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const theirs = new Map<string, Figures>();
  try {
    await waitForOutput(kinesalite, "Listening at", 30_000);
    // The cold read is compared with kinesalite's read of the same records (it keeps everything in memory).
    if (cold) theirs.set(COLD.name, await measure(kinesisTarget(`http://127.0.0.1:${port}`, COLD), COLD, kinesalite.pid));
    for (const w of workloads) {
      // Kinesis has no pipelining: its devices' puts are single-record requests, 32 in flight.
      const peer = w === DEVICES ? { ...w, concurrency: DEVICE_CONNECTIONS } : w;
      theirs.set(w.name, await measure(kinesisTarget(`http://127.0.0.1:${port}`, peer), peer, kinesalite.pid));
    }
    if (withPush) {
      push.set(`kinesalite: GetRecords every ${KINESIS_POLL_MS} ms (Kinesis's 5 calls/s per shard)`, await kinesisPollLateness(`http://127.0.0.1:${port}`, KINESIS_POLL_MS));
      push.set("kinesalite: GetRecords back to back", await kinesisPollLateness(`http://127.0.0.1:${port}`, 0));
    }
  } finally {
    await stopProcessGroup(kinesalite);
  }

  if (cold) {
    const peer = theirs.get(COLD.name)!;
    console.log(`\ncold read: ${COLD.puts} PutRecords × ${COLD.records} records × ${COLD.size} B to one partition with a ${COLD_WINDOW_BYTES / MIB} MiB hot window; once moved to segments, everything read back from the start`);
    report("dis, JSON bodies", cold);
    report("kinesalite (in memory)", peer);
    const hot = ours.get(BATCH.name)?.json.readRecordsPerSecond;
    console.log(`  cold read / kinesalite's read: ${(cold.readRecordsPerSecond! / peer.readRecordsPerSecond!).toFixed(2)}×${hot ? `; cold read / this service's hot read (batch): ${(cold.readRecordsPerSecond! / hot).toFixed(2)}×` : ""}`);
  }
  if (push.size > 0) {
    console.log(`\npush: ${PUSH_PUTS} single-record puts of 200 B, one every ${PUSH_INTERVAL_MS} ms; how late the consumer sees each, from the put's answer (negative: before it)`);
    for (const [name, l] of push) console.log(`  ${name}: p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms (${l.records} records)`);
    const live = push.get("dis: live subscriber (WebSocket)")!;
    const polled = [...push].filter(([name]) => name.startsWith("kinesalite: GetRecords every"))[0]?.[1];
    if (polled) console.log(`  live subscriber / kinesalite polled at its limit: p50 ${(live.p50 - polled.p50).toFixed(1)} ms, p99 ${(live.p99 - polled.p99).toFixed(1)} ms (difference)`);
  }
  for (const w of workloads) {
    console.log(`\n${w.name}: ${w.puts} PutRecords × ${w.records} record(s) × ${w.size} B to one partition, ${w.concurrency} in flight${w.read ? "; then everything read back" : ""}`);
    const mine = ours.get(w.name)!;
    const peer = theirs.get(w.name)!;
    if (w === DEVICES) console.log(`  (dis: ${DEVICE_CONNECTIONS} MQTT 5 connections over WebSocket publishing at QoS 1, ${DEVICE_WINDOW} publishes in flight each; kinesalite: single-record PutRecords, ${DEVICE_CONNECTIONS} in flight)`);
    report(w === DEVICES ? "dis, MQTT publishes (latency: to the PUBACK)" : "dis, JSON bodies (this service under npm start, local Durable Objects)", mine.json);
    if (mine.protobuf) report("dis, protobuf bodies of the old DIS SDKs", mine.protobuf);
    report("kinesalite (in memory)", peer);
    ratios("ours (JSON) / kinesalite", mine.json, peer);
    if (mine.protobuf) ratios("ours (protobuf) / kinesalite", mine.protobuf, peer);
    if (w === DEVICES && deviceFloor) {
      console.log("  the runtime's floor: the same connections to a minimal worker whose gateway objects answer each publish with a PUBACK at once (no put)");
      report("answers from hibernatable WebSockets", deviceFloor);
    }
    if (w === busiest && floor.size > 0) {
      console.log("  the runtime's floor: the same requests to a minimal worker under the same runtime (no authentication, no parsing)");
      for (const [step, f] of floor) report(step, f);
    }
  }
}

await main();
