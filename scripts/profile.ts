/**
 * `npm run profile`: where a single-record put's time goes in the worker. Starts the local service
 * with the runtime's DevTools inspector open, drives PROFILE_PUTS (2,000) single-record puts of
 * 200 bytes at 32 in flight, samples the worker's CPU with V8's profiler meanwhile, and prints the
 * functions that took the most time (self time), grouped by the module they belong to.
 * PROFILE_TARGET=mqtt drives MQTT publishes at QoS 1 from 32 connections (4 in flight each) instead.
 */
import { startLocalService, freePort } from "./local-service";
import { deviceTarget, disTarget, type Workload } from "./bench-targets";

const PUTS = Number(process.env.PROFILE_PUTS ?? 2000);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A DevTools protocol session over the inspector's WebSocket. */
async function inspect(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      return new Promise((resolve) => {
        pending.set(++id, resolve as (r: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

function where(frame: ProfileNode["callFrame"]): string {
  const match = /\/src\/[^?]*|node_modules\/[^/]+(\/[^/]+)?/.exec(frame.url);
  if (match) return match[0].replace(/^\//, "");
  if (frame.url === "") return frame.functionName.startsWith("(") ? frame.functionName : "(runtime built-ins)";
  return frame.url.split("/").pop() ?? frame.url;
}

function summarize(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((node, i) => selfMs.set(node, (selfMs.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    const module = where(frame);
    const name = `${frame.functionName || "(anonymous)"}  ${module}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byModule.set(module, (byModule.get(module) ?? 0) + ms);
  }
  const busy = total - (byModule.get("(idle)") ?? 0) - (byModule.get("(program)") ?? 0);
  console.log(`Sampled ${(total / 1000).toFixed(1)} s, ${(busy / PUTS).toFixed(3)} ms of JavaScript per put outside idle and (program).`);
  console.log("\nBy module (self time, % of sampled):");
  for (const [module, ms] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${module}`);
  console.log("\nBy function:");
  for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 25))) console.log(`  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
}

const inspectorPort = await freePort();
process.env.DIS_INSPECTOR_PORT = String(inspectorPort);
const service = await startLocalService({ vars: { TRAFFIC_CONTROL: "off" } });
try {
  const mqtt = process.env.PROFILE_TARGET === "mqtt";
  // MQTT: 32 connections with 4 publishes in flight each, as the benchmark's devices.
  const workload: Workload = { name: "profile", puts: PUTS, concurrency: mqtt ? 128 : 32, records: 1, size: 200, read: false };
  const target = mqtt ? deviceTarget(service.endpoint, workload, 4) : disTarget(service.endpoint, "json", workload);
  await target.setup();
  for (let i = 0; i < 50; i++) await target.put(); // warm up
  const session = await inspect(`ws://127.0.0.1:${inspectorPort}/core:user:dis`);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: 200 });
  await session.send("Profiler.start");
  let issued = 0;
  await Promise.all(
    Array.from({ length: workload.concurrency }, async () => {
      while (issued < PUTS) {
        issued++;
        await target.put();
      }
    }),
  );
  const { profile } = await session.send<{ profile: Profile }>("Profiler.stop");
  session.close();
  summarize(profile);
} finally {
  await service.stop();
}
