/**
 * `npm start`: the whole service on this machine. Prepares local D1 (migrations, development
 * identity) and runs `wrangler dev` with local D1, R2 and Durable Objects at
 * http://127.0.0.1:$PORT (8787 unless PORT says otherwise). DIS_STATE_DIR moves the local
 * state (default `.wrangler/state`). Extra arguments go to `wrangler dev`, e.g.
 * `npm start -- --var TRAFFIC_CONTROL:off`.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { prepareLocalState, ROOT } from "./local-state";

const port = process.env.PORT ?? "8787";
const stateDir = process.env.DIS_STATE_DIR ?? join(ROOT, ".wrangler", "state");

await prepareLocalState(stateDir);

const child = spawn(
  join(ROOT, "node_modules", ".bin", "wrangler"),
  ["dev", "--ip", "127.0.0.1", "--port", port, "--persist-to", stateDir, "--test-scheduled", "--show-interactive-dev-session=false", ...process.argv.slice(2)],
  { cwd: ROOT, stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
