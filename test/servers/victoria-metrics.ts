/**
 * A private VictoriaMetrics server for tests (the OpenTSDB destination): Debian's single-node
 * binary, fresh storage in a temporary directory, the HTTP API and OpenTSDB's HTTP `/api/put` on
 * loopback. Samples are deduplicated to one per series and timestamp, as OpenTSDB keeps them, and
 * are visible to queries at once. It runs as whoever runs the tests (root is fine).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export interface VictoriaMetricsServer {
  httpPort: number;
  opentsdbPort: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;

/** The `victoria-metrics` binary: the first on PATH, else Debian's. */
function binary(): string {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/bin"];
  const found = dirs.map((dir) => join(dir, "victoria-metrics")).find((file) => existsSync(file));
  if (!found) throw new Error("VictoriaMetrics is not installed: no victoria-metrics on PATH or in /usr/bin (apt-get install victoria-metrics).");
  return found;
}

/** The log's last 20 lines. */
function tail(log: string): string {
  return existsSync(log) ? readFileSync(log, "utf8").trimEnd().split("\n").slice(-20).join("\n") : "(no log)";
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether the URL answers with the status (and body, if given); a refused connection is a no. */
async function answers(url: string, init: RequestInit, status: number, body?: string): Promise<boolean> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(1_000) });
    const text = await response.text();
    return response.status === status && (body === undefined || text.trim() === body);
  } catch {
    return false;
  }
}

/** Resolves when the child has exited (at once if it already has), or after `ms` with false. */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startVictoriaMetrics(opts: { httpPort: number; opentsdbPort: number }): Promise<VictoriaMetricsServer> {
  const bin = binary();
  const dir = mkdtempSync(join(tmpdir(), "dis-vm-"));
  const log = join(dir, "log");
  const fd = openSync(log, "a");
  const child = spawn(
    bin,
    [
      `-storageDataPath=${join(dir, "data")}`,
      `-httpListenAddr=127.0.0.1:${opts.httpPort}`,
      `-opentsdbHTTPListenAddr=127.0.0.1:${opts.opentsdbPort}`,
      "-retentionPeriod=100y",
      "-search.latencyOffset=0s",
      "-dedup.minScrapeInterval=1ms",
    ],
    { detached: false, stdio: ["ignore", fd, fd] },
  );
  closeSync(fd);
  let exit: string | undefined;
  child.once("error", (error) => (exit ??= `could not be started: ${error.message}`));
  child.once("exit", (code, signal) => (exit ??= `exited early (${signal ?? `code ${code}`})`));
  // The server does not keep the test process alive, and if that process ends without stop(), the
  // server and its directory go with it.
  child.unref();
  const killOnExit = () => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);

  async function stop(): Promise<void> {
    process.removeListener("exit", killOnExit);
    try {
      if (!(await exited(child, 0))) {
        child.kill("SIGTERM");
        if (!(await exited(child, STOP_GRACE_MS))) {
          child.kill("SIGKILL");
          await exited(child, STOP_GRACE_MS);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const health = `http://127.0.0.1:${opts.httpPort}/health`;
  // An empty batch stores nothing; the OpenTSDB listener answers it 204 once it is up.
  const put = `http://127.0.0.1:${opts.opentsdbPort}/api/put`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  let ready = false;
  while (!ready && exit === undefined && Date.now() < deadline) {
    ready =
      (await answers(health, {}, 200, "OK")) &&
      (await answers(put, { method: "POST", headers: { "content-type": "application/json" }, body: "[]" }, 204));
    if (!ready) await sleep(100);
  }
  if (!ready) {
    const reason = exit ?? `did not answer on ${health} and ${put} within ${START_TIMEOUT_MS / 1000} s`;
    const lines = tail(log);
    await stop();
    throw new Error(`VictoriaMetrics (${bin}) ${reason}:\n${lines}`);
  }
  return { httpPort: opts.httpPort, opentsdbPort: opts.opentsdbPort, stop };
}
