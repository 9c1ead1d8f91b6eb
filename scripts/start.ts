/**
 * `npm start`: the whole service on this machine. Prepares local D1 (migrations, development
 * identities) and runs `wrangler dev` with local D1, R2 and Durable Objects at
 * http://127.0.0.1:$PORT (8787 unless PORT says otherwise). DIS_STATE_DIR moves the local
 * state (default `.wrangler/state`). Extra arguments go to `wrangler dev`, e.g.
 * `npm start -- --var TRAFFIC_CONTROL:off`. Wrangler's output is shown without the lines that
 * only look like failures (quiet-output.ts); DIS_VERBOSE=1 shows all of it.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { prepareLocalState, recordService, ROOT, stateDirOf } from "./local-state";
import { OutputFilter } from "./quiet-output";

const port = process.env.PORT ?? "8787";
const stateDir = stateDirOf();
const verbose = process.env.DIS_VERBOSE === "1";
const endpoint = `http://127.0.0.1:${port}`;

await prepareLocalState(stateDir);

const child = spawn(
  join(ROOT, "node_modules", ".bin", "wrangler"),
  [
    "dev",
    "--ip", "127.0.0.1",
    "--port", port,
    "--persist-to", stateDir,
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    // The machine's own clients are never locked out locally (docs/decisions.md, Lockout).
    "--var", "LOCKOUT_LOOPBACK:exempt",
    ...process.argv.slice(2),
  ],
  { cwd: ROOT, stdio: ["inherit", "pipe", "pipe"] },
);

function relay(stream: NodeJS.ReadableStream, out: NodeJS.WriteStream): void {
  const filter = new OutputFilter();
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (verbose || filter.keep(line)) out.write(line + "\n");
      if (line.includes("Ready on")) ready();
    }
  });
}

/**
 * The cron trigger on its schedule: `wrangler dev` runs scheduled handlers only when asked at
 * `/__scheduled`, so the start asks at the top of every minute, as Cloudflare would.
 */
function runCron(): void {
  const tick = () => {
    fetch(`${endpoint}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch((error: unknown) => console.error(`cron tick failed: ${String(error)}`));
  };
  const untilNextMinute = 60_000 - (Date.now() % 60_000);
  setTimeout(() => {
    tick();
    setInterval(tick, 60_000).unref();
  }, untilNextMinute).unref();
}

let announced = false;
function ready(): void {
  if (announced) return;
  announced = true;
  recordService(stateDir, endpoint);
  runCron();
  console.log(
    [
      "",
      `DIS is serving at ${endpoint}  (API /v2/{project_id}/…, health ${endpoint}/health)`,
      `  state: ${stateDir}`,
      "  cron: at the top of every minute (now: curl '" + endpoint + "/__scheduled?cron=*+*+*+*+*')",
      "  logs: requests and failures follow below; Ctrl-C stops the service.",
      "",
    ].join("\n"),
  );
}

relay(child.stdout!, process.stdout);
relay(child.stderr!, process.stderr);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
