/** Where the local service runs: its state directory and the address `npm start` recorded there. Light, for the command line. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");

/** The state directory of the local service: DIS_STATE_DIR, or `.wrangler/state`. */
export function stateDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.DIS_STATE_DIR ?? join(ROOT, ".wrangler", "state");
}

/** Where `npm start` records the address it serves at, beside its state. */
function serviceFile(stateDir: string): string {
  return join(stateDir, "dis-service.json");
}

/** Records the running service's address in its state directory (for `npm run admin`). */
export function recordService(stateDir: string, endpoint: string): void {
  writeFileSync(serviceFile(stateDir), JSON.stringify({ endpoint, pid: process.pid }) + "\n");
}

/**
 * The local service's address: the one `npm start` recorded for this state directory while its
 * process runs, else http://127.0.0.1:$PORT (8787).
 */
export function localEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const fallback = `http://127.0.0.1:${env.PORT ?? "8787"}`;
  try {
    const recorded = JSON.parse(readFileSync(serviceFile(stateDirOf(env)), "utf8")) as { endpoint: string; pid: number };
    process.kill(recorded.pid, 0);
    return env.PORT ? fallback : recorded.endpoint;
  } catch {
    return fallback;
  }
}

