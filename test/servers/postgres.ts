/**
 * A private PostgreSQL server for tests: Debian's binaries, a fresh cluster in a temporary
 * directory, password (SCRAM) authentication on loopback. As root, the server runs as `nobody`
 * (PostgreSQL refuses to run as root).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresServer {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** The directory of Debian's PostgreSQL binaries (the newest version installed). */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL is not installed: no initdb under /usr/lib/postgresql/*/bin (apt-get install postgresql).");
  return join(root, newest, "bin");
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as `nobody` when this process is root. */
function run(program: string, args: string[], env: Record<string, string> = {}): void {
  const [file, argv] = asRoot ? ["runuser", ["-u", "nobody", "--", program, ...args]] : [program, args];
  const result = spawnSync(file, argv, { env: { ...process.env, ...env }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${program} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
}

export async function startPostgres(opts: { port: number; user: string; password: string; database?: string }): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "dis-pg-"));
  const pwfile = join(dir, "pw");
  writeFileSync(pwfile, `${opts.password}\n`);
  if (asRoot) {
    chmodSync(dir, 0o700);
    const nobody = Number(execFileSync("id", ["-u", "nobody"], { encoding: "utf8" }).trim());
    chownSync(dir, nobody, nobody);
    chownSync(pwfile, nobody, nobody);
  }
  const data = join(dir, "data");
  const log = join(dir, "log");
  try {
    run(join(bin, "initdb"), ["-D", data, "-U", opts.user, "--auth=scram-sha-256", `--pwfile=${pwfile}`, "-E", "UTF8", "--no-locale"]);
    run(join(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-o", `-p ${opts.port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
    if (opts.database && opts.database !== "postgres") {
      run(join(bin, "psql"), ["-h", "127.0.0.1", "-p", String(opts.port), "-U", opts.user, "-d", "postgres", "-c", `CREATE DATABASE ${opts.database}`], { PGPASSWORD: opts.password });
    }
  } catch (error) {
    const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-20).join("\n") : "";
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${tail}`);
  }
  return {
    port: opts.port,
    user: opts.user,
    password: opts.password,
    async stop() {
      try {
        run(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
