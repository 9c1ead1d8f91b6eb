/**
 * Runs the local service (`scripts/start.ts`, as `npm start` does) as a child process on a
 * free port with its own state directory: for the end-to-end tests and the benchmark.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");

export interface LocalService {
  endpoint: string;
  /** The process group of the service's processes (the start script, wrangler, workerd). */
  processGroup: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Resolves once the child prints `marker`; rejects if it exits first or time runs out. */
export function waitForOutput(child: ChildProcess, marker: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${marker}":\n${output}`));
    });
  });
}

/** Ends a detached child and its whole process group. */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // the group is gone already
    }
  };
  signal("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) signal("SIGKILL");
}

export interface LocalServiceOptions {
  /** Override wrangler.toml variables (e.g. TRAFFIC_CONTROL=off). */
  vars?: Record<string, string>;
  /** Keep state here, and leave it on stop (to start again on the same state); default a fresh temporary one, removed on stop. */
  stateDir?: string;
  /** Serve on this port (to start again where clients reconnect); default a free one. */
  port?: number;
}

/** Starts the service on a free port. */
export async function startLocalService(options: LocalServiceOptions = {}): Promise<LocalService> {
  const vars = options.vars ?? {};
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "dis-local-"));
  const port = options.port ?? (await freePort());
  const varArgs = Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/start.ts", ...varArgs], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DIS_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  await waitForOutput(child, "Ready on", 150_000);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    processGroup: child.pid!,
    async stop() {
      await stopProcessGroup(child);
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Asks the service's IAM-compatible endpoint for devuser's token on devproject (the README's curl example). */
export function requestDevToken(endpoint: string): Promise<Response> {
  return fetch(`${endpoint}/v3/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        identity: { methods: ["password"], password: { user: { name: "devuser", password: "devpassword", domain: { name: "devdomain" } } } },
        scope: { project: { id: "devproject" } },
      },
    }),
  });
}
