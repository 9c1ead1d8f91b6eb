/**
 * The `dis` command end to end: the executable the package ships (bin/dis.mjs), as a child
 * process with its own config file, against the running service.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { DEV } from "./dis-client";

const BIN = join(import.meta.dirname, "..", "..", "bin", "dis.mjs");
const dir = mkdtempSync(join(tmpdir(), "dis-cli-"));
const configFile = join(dir, "config");

/** The command's environment: its own home and config file, nothing of the caller's naming a profile. */
const childEnv = { PATH: process.env.PATH, HOME: dir, DIS_CONFIG_FILE: configFile };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dis` with `args`; `input` goes to its standard input. */
function dis(args: string[], input = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const lines = (text: string) => text.split("\n").filter((l) => l !== "");

describe("the dis command", () => {
  const endpoint = inject("disEndpoint");
  const stream = `cli-${Date.now().toString(36)}`;
  const input = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ device: `d${i % 37}`, n: i }));
  const file = join(dir, "records.jsonl");
  writeFileSync(file, `${input.join("\n")}\n`);

  it("configure writes a profile from flags, or from answers to its questions", async () => {
    const fromFlags = await dis(["configure", "--endpoint", endpoint, "--ak", DEV.ak, "--sk", DEV.sk, "--project-id", DEV.project, "--region", "local"]);
    expect(fromFlags.code, fromFlags.stderr).toBe(0);
    expect(fromFlags.stdout).toContain("Profile default written");
    const asked = await dis(["configure", "--profile", "asked"], `${endpoint}\n${DEV.ak}\n${DEV.sk}\n${DEV.project}\n\n`);
    expect(asked.code, asked.stderr).toBe(0);
    const text = readFileSync(configFile, "utf8");
    expect(text).toContain("[default]");
    expect(text).toContain("[asked]");
    expect(text).toContain(`endpoint=${endpoint}`);
    const listed = await dis(["--profile", "asked", "streams", "ls", "-o", "json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveProperty("stream_info_list");
  });

  it("creates a stream and puts a file of 10,000 lines, with a progress bar and a summary", async () => {
    expect((await dis(["streams", "create", stream, "--partitions", "3"])).code).toBe(0);
    const described = JSON.parse((await dis(["streams", "describe", stream, "-o", "json"])).stdout);
    expect(described).toMatchObject({ stream_name: stream, writable_partition_count: 3 });

    const put = await dis(["put", stream, file, "--key-field", "device", "--progress", "always", "-o", "json"]);
    expect(put.code, put.stderr).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({ sent: 10_000, failed: 0 });
    const frames = put.stderr.split("\r").filter((f) => f.includes("records"));
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.at(-1)).toMatch(/\[#{20}\] 100%\s+10000 records\s+[\d.]+ KiB\s+\d+ records\/s/);
    expect(frames.some((f) => /\] +\d\d?%/.test(f))).toBe(true);

    const human = await dis(["put", stream], "one more from stdin\n");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Sent 1 records \(19 B\) in [\d.]+ s; 0 failed\.\n$/);
    expect(human.stderr).toBe("");
  });

  it("sends records refused by traffic control again until they land; without retries they fail with DIS.4303", async () => {
    // One partition takes 1,000 records a second (two seconds' worth at once): 6,000 at a go overflow it.
    const burst = join(dir, "burst.txt");
    writeFileSync(burst, Array.from({ length: 6000 }, (_, i) => `b${i}`).join("\n"));
    const [once, retried] = [`${stream}-once`, `${stream}-retried`];
    for (const name of [once, retried]) expect((await dis(["streams", "create", name])).code).toBe(0);
    const refused = await dis(["put", once, burst, "-o", "json", "--retries", "0"]);
    expect(refused.code).toBe(1);
    const summary = JSON.parse(refused.stdout);
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary).toMatchObject({ sent: 6000 - summary.failed, failures: { "DIS.4303": summary.failed } });
    const landed = await dis(["put", retried, burst, "-o", "json"]);
    expect(landed.code, landed.stderr).toBe(0);
    expect(JSON.parse(landed.stdout)).toMatchObject({ sent: 6000, failed: 0, failures: {} });
    expect(lines((await dis(["tail", retried])).stdout).sort()).toEqual(Array.from({ length: 6000 }, (_, i) => `b${i}`).sort());
  });

  it("tails them back in each format", async () => {
    const expected = [...input, "one more from stdin"].sort();
    const raw = await dis(["tail", stream]);
    expect(raw.code, raw.stderr).toBe(0);
    expect(lines(raw.stdout).sort()).toEqual(expected);

    const json = lines((await dis(["tail", stream, "--format", "json"])).stdout).map((l) => JSON.parse(l));
    expect(json.map((r) => r.data).sort()).toEqual(expected);
    for (const r of json.slice(0, 50)) {
      expect(r).toEqual({ partition_id: expect.any(Number), sequence_number: expect.stringMatching(/^\d+$/), timestamp: expect.any(Number), time: new Date(r.timestamp).toISOString(), partition_key: expect.any(String), data: expect.any(String) });
    }
    const firstOfPartition = json.find((r) => r.partition_id === 1)!;
    expect(firstOfPartition.sequence_number).toBe("0");

    const hex = lines((await dis(["tail", stream, "--format", "hex"])).stdout).map((l) => Buffer.from(l, "hex").toString());
    expect(hex.sort()).toEqual(expected);
    const base64 = lines((await dis(["tail", stream, "--format", "base64"])).stdout).map((l) => Buffer.from(l, "base64").toString());
    expect(base64.sort()).toEqual(expected);

    const one = await dis(["tail", stream, "--partition", "1", "--from", "seq:2", "--max", "2", "--format", "json"]);
    expect(lines(one.stdout).map((l) => JSON.parse(l).sequence_number)).toEqual(["2", "3"]);
  });

  it.each([
    ["over live push", [], "arrived while following"],
    ["polling", ["--no-push"], "arrived while polling"],
  ])("follows %s: a record put afterwards arrives, and Ctrl-C stops cleanly", async (_how, extra, text) => {
    const child = spawn(process.execPath, [BIN, "tail", stream, "--follow", "--format", "json", ...extra], { env: childEnv });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    await new Promise((r) => setTimeout(r, 2500));
    expect(out).toBe("");
    expect((await dis(["put", stream, "--partition-key", "late"], `${text}\n`)).code).toBe(0);
    for (let i = 0; i < 50 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
    expect(lines(out).map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ data: text, partition_key: "late" })]);
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("tails as an app, committing as it goes, and resumes after its checkpoint", async () => {
    const app = `cli-app-${Date.now().toString(36)}`;
    expect((await dis(["apps", "create", app])).code).toBe(0);
    const first = await dis(["tail", stream, "--app", app, "--commit", "--max", "100"]);
    expect(first.code, first.stderr).toBe(0);
    expect(lines(first.stdout)).toHaveLength(100);
    const rest = await dis(["tail", stream, "--app", app, "--commit"]);
    expect(rest.code, rest.stderr).toBe(0);
    const all = [...lines(first.stdout), ...lines(rest.stdout)];
    expect(all.sort()).toEqual([...input, "one more from stdin", "arrived while following", "arrived while polling"].sort());
    expect(lines((await dis(["tail", stream, "--app", app, "--commit"])).stdout)).toEqual([]);
    const checkpoint = JSON.parse((await dis(["checkpoints", "get", app, stream, "0", "-o", "json"])).stdout);
    expect(Number(checkpoint.sequence_number)).toBeGreaterThan(0);
  });

  it("manages apps, tags, tasks and metrics in tables", async () => {
    expect((await dis(["tags", "add", stream, "team", "iot"])).code).toBe(0);
    expect((await dis(["tags", "ls", stream])).stdout).toMatch(/^KEY\s+VALUE\nteam\s+iot\n$/);
    expect((await dis(["tags", "rm", stream, "team"])).code).toBe(0);
    expect((await dis(["tasks", "create-obs", stream, "to-bucket", "--bucket", "obsbucket", "--interval", "30"])).code).toBe(0);
    expect((await dis(["tasks", "ls", stream])).stdout).toMatch(/to-bucket\s+\S+\s+OBS\s+RUNNING/);
    expect((await dis(["tasks", "stop", stream, "to-bucket"])).code).toBe(0);
    expect(JSON.parse((await dis(["tasks", "describe", stream, "to-bucket", "-o", "json"])).stdout)).toMatchObject({ task_name: "to-bucket", state: "PAUSED" });
    expect((await dis(["tasks", "delete", stream, "to-bucket"])).code).toBe(0);
    const metrics = await dis(["metrics", stream, "--since", "15m"]);
    expect(metrics.code, metrics.stderr).toBe(0);
    const header = lines(metrics.stdout)[0]!;
    expect(header).toMatch(/^TIME\s+TOTAL_PUT_RECORDS_PER_STREAM\s+TOTAL_GET_RECORDS_PER_STREAM$/);
    const puts = lines(metrics.stdout).slice(1).reduce((n, l) => n + Number(l.trim().split(/\s+/)[1]), 0);
    expect(puts).toBe(10_003);
  });

  it("updates, scales and deletes a stream; lists, describes and deletes apps; commits and deletes checkpoints", async () => {
    const other = `${stream}-b`;
    expect((await dis(["streams", "create", other, "--partitions", "1", "--retention", "48"])).code).toBe(0);
    expect((await dis(["streams", "update", other, "--retention", "72", "--auto-scale", "1:4"])).code).toBe(0);
    expect(JSON.parse((await dis(["streams", "describe", other, "-o", "json"])).stdout)).toMatchObject({
      retention_period: 72,
      auto_scale_enabled: true,
      auto_scale_min_partition_count: 1,
      auto_scale_max_partition_count: 4,
    });
    expect((await dis(["streams", "update", other])).code).toBe(2);
    expect((await dis(["streams", "scale", other, "3"])).stdout).toBe(`Scaling ${other} to 3 partitions.\n`);
    expect(JSON.parse((await dis(["streams", "describe", other, "-o", "json"])).stdout).writable_partition_count).toBe(3);

    const app = `cli-apps-${Date.now().toString(36)}`;
    expect((await dis(["apps", "create", app])).code).toBe(0);
    expect((await dis(["put", other, "--partition-key", "k"], "a\nb\n")).code).toBe(0);
    const partition = JSON.parse(lines((await dis(["tail", other, "--format", "json"])).stdout)[0]!).partition_id as number;
    expect((await dis(["checkpoints", "commit", app, other, String(partition), "1", "--metadata", "m"])).code).toBe(0);
    expect(JSON.parse((await dis(["checkpoints", "get", app, other, String(partition), "-o", "json"])).stdout)).toMatchObject({ sequence_number: "1", metadata: "m" });
    expect((await dis(["apps", "ls"])).stdout).toMatch(new RegExp(`\\n${app}\\s+\\S+\\s+\\S+\\s+${other}\\n`));
    expect(JSON.parse((await dis(["apps", "describe", app, "-o", "json"])).stdout)).toMatchObject({ app_name: app, commit_checkpoint_stream_names: [other] });
    expect((await dis(["checkpoints", "delete", app, other])).code).toBe(0);
    expect(JSON.parse((await dis(["checkpoints", "get", app, other, String(partition), "-o", "json"])).stdout).sequence_number).toBe("-1");
    expect((await dis(["apps", "delete", app])).code).toBe(0);
    expect((await dis(["apps", "describe", app])).code).toBe(1);
    expect((await dis(["streams", "delete", other])).code).toBe(0);
    expect((await dis(["streams", "describe", other])).stderr).toContain("DIS.4301");
  });

  it("exit codes: 1 with the DIS code for a refused call, 2 for a usage error, 0 for --help", async () => {
    const refused = await dis(["streams", "describe", "no-such-stream"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("dis: DIS.4301 The stream does not exist. no-such-stream (HTTP 400)\n");
    const unauthorized = await dis(["streams", "ls", "--sk", "wrong"]);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.stderr).toMatch(/^dis: DIS.4104 /);
    expect((await dis(["streams", "frobnicate"])).code).toBe(2);
    expect((await dis(["streams", "scale", stream, "many"])).code).toBe(2);
    expect((await dis(["tail", stream, "--from", "yesterday"])).stderr).toContain("--from yesterday");
    expect((await dis(["put", stream, join(dir, "missing.txt")])).code).toBe(2);
    const help = await dis(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dis \[options\] \[command\]/);
    for (const command of ["put", "tail", "streams", "metrics"]) {
      const h = await dis([command, "--help"]);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(`Usage: dis ${command}`);
    }
  });
});
