// CPU profile of the worker via the inspector while a load runs.
const ws = new WebSocket("ws://127.0.0.1:9229/ws");
let id = 0;
const pending = new Map<number, (v: any) => void>();
ws.onmessage = (e) => { const m = JSON.parse(String(e.data)); if (m.id && pending.has(m.id)) { pending.get(m.id)!(m.result); pending.delete(m.id); } };
await new Promise((r) => (ws.onopen = r));
const send = (method: string, params: object = {}) => new Promise<any>((r) => { id++; pending.set(id, r); ws.send(JSON.stringify({ id, method, params })); });
await send("Profiler.enable");
await send("Profiler.setSamplingInterval", { interval: 200 });
await send("Profiler.start");
await new Promise((r) => setTimeout(r, Number(process.argv[2] ?? 8000)));
const { profile } = await send("Profiler.stop");
const self = new Map<string, number>();
const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
const counts = new Map<number, number>();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
let total = 0;
for (const [nid, c] of counts) { const n = byId.get(nid); const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + c); total += c; }
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
for (const [k, c] of top) console.log((100 * c / total).toFixed(1).padStart(5), k);
ws.close();
