/**
 * `npm start`: the whole service on this machine. Prepares local D1 (migrations, development
 * identities), builds the worker as `wrangler deploy` would, and serves it with Miniflare (the
 * local Workers runtime: local D1, R2 and Durable Objects) at http://127.0.0.1:$PORT (8787
 * unless PORT says otherwise), running the cron trigger at the top of every minute. DIS_STATE_DIR
 * moves the local state (default `.wrangler/state`, the layout `wrangler dev --persist-to` uses).
 * `npm start -- --var NAME:value` overrides a `wrangler.toml` variable, e.g. TRAFFIC_CONTROL:off.
 *
 * The worker is served by Miniflare directly rather than through `wrangler dev`, whose proxy in
 * front of the worker costs about two thirds of a small request's time here (README, Benchmark),
 * and on a socket of the runtime's own that hands requests straight to the worker: Miniflare's
 * entry worker, which would otherwise relay every request, then serves only the cron trigger, on
 * a port of its own.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { prepareLocalState, recordService, ROOT, runBin, stateDirOf } from "./local-state";

const port = Number(process.env.PORT ?? "8787");
const stateDir = stateDirOf();
const endpoint = `http://127.0.0.1:${port}`;
const CRON = "* * * * *";

const { values } = parseArgs({ options: { var: { type: "string", multiple: true } }, allowPositionals: false });
const overrides = Object.fromEntries(
  (values.var ?? []).map((pair) => {
    const colon = pair.indexOf(":");
    if (colon < 1) throw new Error(`--var takes NAME:value, not ${pair}`);
    return [pair.slice(0, colon), pair.slice(colon + 1)];
  }),
);

await prepareLocalState(stateDir);

// The bundle `wrangler deploy` would upload, so the local service runs the same code.
const bundle = join(stateDir, "bundle");
runBin("wrangler", ["deploy", "--dry-run", "--outdir", bundle]);

const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml"));
const { modulesRules: _rules, rootPath: _root, bindings, ...options } = workerOptions as Record<string, unknown> & { bindings: Record<string, unknown> };
const miniflare = new Miniflare(
  convertV4MiniflareOptions({
    ...options,
    name: "dis",
    modules: true,
    scriptPath: join(bundle, "index.js"),
    modulesRoot: bundle,
    // The machine's own clients are never locked out locally (docs/decisions.md, "The local service");
    // the worker's socket is on loopback only, so whatever reaches it straight comes from this machine.
    bindings: { ...bindings, LOCKOUT_LOOPBACK: "exempt", DIRECT_CLIENT_ADDRESS: "127.0.0.1", ...overrides },
    host: "127.0.0.1",
    port: 0,
    unsafeDirectSockets: [{ host: "127.0.0.1", port }],
    resourcePersistencePath: join(stateDir, "v3"),
    unsafeTriggerHandlers: true,
    cf: false,
    // DIS_INSPECTOR_PORT opens the runtime's DevTools inspector, for profiling (scripts/profile.ts).
    ...(process.env.DIS_INSPECTOR_PORT ? { inspectorPort: Number(process.env.DIS_INSPECTOR_PORT) } : {}),
  } as Parameters<typeof convertV4MiniflareOptions>[0]),
);
/** Miniflare's own entry, on a free port: it fires the cron trigger. */
const entry = await miniflare.ready;
const cronUrl = `${entry.origin}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(CRON)}`;

/** The cron trigger on its schedule, as Cloudflare runs it: at the top of every minute. */
function runCron(): void {
  const tick = () => {
    fetch(cronUrl).catch((error: unknown) => console.error(`cron tick failed: ${String(error)}`));
  };
  setTimeout(() => {
    tick();
    setInterval(tick, 60_000);
  }, 60_000 - (Date.now() % 60_000));
}

recordService(stateDir, endpoint);
runCron();
console.log(
  [
    `Ready on ${endpoint}`,
    "",
    `DIS is serving at ${endpoint}  (API /v2/{project_id}/…, health ${endpoint}/health, API description ${endpoint}/openapi.json)`,
    `  state: ${stateDir}`,
    `  cron: at the top of every minute (now: curl '${cronUrl}')`,
    "  logs: one JSON line per failed request follows below; Ctrl-C stops the service.",
    "",
  ].join("\n"),
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void miniflare.dispose().finally(() => process.exit(0));
  });
}
