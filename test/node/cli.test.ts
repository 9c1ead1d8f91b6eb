import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Batcher, LineSplitter, partitionKeyOf } from "../../cli/batches";
import { readProfiles, resolveConnection, UsageError, writeProfile } from "../../cli/config";
import { table } from "../../cli/output";
import { progressLine } from "../../cli/progress";
import { parseSince } from "../../cli/resources";
import { formatRecord, parseFrom } from "../../cli/tail";
import { DEV_IDENTITY } from "../../src/identity/dev-identities";

const bytes = (n: number) => new Uint8Array(n);

describe("put batches", () => {
  it("close a batch at 500 records", () => {
    const b = new Batcher();
    const full = Array.from({ length: 501 }, () => b.add({ data: bytes(1) })).filter((x) => x !== null);
    expect(full).toHaveLength(1);
    expect(full[0]).toHaveLength(500);
    expect(b.take()).toHaveLength(1);
    expect(b.take()).toBeNull();
  });

  it.each([
    ["COMMON", 1024 * 1024],
    ["ADVANCED", 5 * 1024 * 1024],
  ] as const)("close a %s batch before its data passes %i bytes", (type, limit) => {
    const b = new Batcher(type);
    const size = 300 * 1024;
    let sent = 0;
    for (let i = 0; i < 40; i++) {
      const full = b.add({ data: bytes(size) });
      if (full) {
        expect(full.length * size).toBeLessThanOrEqual(limit);
        expect((full.length + 1) * size).toBeGreaterThan(limit);
        sent += full.length;
      }
    }
    expect(sent + b.take()!.length).toBe(40);
  });

  it.each([
    ['{"device":"a1","v":2}', { field: "device" }, "a1"],
    ['{"device":7}', { field: "device" }, "7"],
    ['{"other":1}', { field: "device", fixed: "fallback" }, "fallback"],
    ["not json", { field: "device" }, undefined],
    ["anything", { fixed: "k" }, "k"],
    ["anything", {}, undefined],
  ])("partition key of %s with %j: %s", (text, rule, key) => {
    expect(partitionKeyOf(new TextEncoder().encode(text), rule)).toBe(key);
  });

  it("split lines across chunks, LF or CRLF, skipping empty ones, keeping a last line without newline", () => {
    const s = new LineSplitter();
    const got = [...s.push(Buffer.from("one\r\ntw")), ...s.push(Buffer.from("o\n\nthr")), ...s.push(Buffer.from("ee")), ...s.end()];
    expect(got.map((l) => Buffer.from(l).toString())).toEqual(["one", "two", "three"]);
  });
});

describe("tail", () => {
  it.each([
    ["trim-horizon", { type: "TRIM_HORIZON" }],
    ["latest", { type: "LATEST" }],
    ["seq:42", { type: "AT_SEQUENCE_NUMBER", sequence: "42" }],
    ["time:2026-12-01T10:00:00Z", { type: "AT_TIMESTAMP", timestamp: Date.parse("2026-12-01T10:00:00Z") }],
  ])("--from %s", (text, start) => {
    expect(parseFrom(text)).toEqual(start);
  });

  it.each(["seq:", "seq:-1", "time:never", "yesterday"])("refuses --from %s as a usage error", (text) => {
    expect(() => parseFrom(text)).toThrow(UsageError);
  });

  it("prints each format", () => {
    const record = { sequence_number: "7", data: Buffer.from("héllo").toString("base64"), timestamp: 1_796_000_000_000, partition_key: "k" };
    expect(formatRecord(2, record, "raw").toString()).toBe("héllo");
    expect(formatRecord(2, record, "hex").toString()).toBe(Buffer.from("héllo").toString("hex"));
    expect(formatRecord(2, record, "base64").toString()).toBe(record.data);
    expect(JSON.parse(formatRecord(2, record, "json").toString())).toEqual({
      partition_id: 2,
      sequence_number: "7",
      timestamp: 1_796_000_000_000,
      time: new Date(1_796_000_000_000).toISOString(),
      partition_key: "k",
      data: "héllo",
    });
    const binary = { ...record, data: Buffer.from([0xff, 0x00, 0xfe]).toString("base64") };
    expect(JSON.parse(formatRecord(0, binary, "json").toString())).toMatchObject({ data_base64: binary.data });
  });
});

describe("configuration", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), "dis-config-")), "nested", "config");

  it("writes profiles beside each other, readable by their owner only", () => {
    const f = file();
    writeProfile(f, "default", { endpoint: "https://a.example", ak: "AK1", sk: "SK1", project_id: "p1" });
    writeProfile(f, "prod", { endpoint: "https://b.example", ak: "AK2", sk: "SK2", project_id: "p2", region: "r" });
    writeProfile(f, "default", { endpoint: "https://c.example", ak: "AK1", sk: "SK1", project_id: "p1" });
    expect(readProfiles(f)).toEqual({
      default: { endpoint: "https://c.example", ak: "AK1", sk: "SK1", project_id: "p1" },
      prod: { endpoint: "https://b.example", ak: "AK2", sk: "SK2", project_id: "p2", region: "r" },
    });
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(f, "utf8")).toContain("[prod]");
  });

  it("flags over environment over profile; the dev identity only for a local endpoint", () => {
    const f = file();
    writeProfile(f, "default", { endpoint: "https://a.example", ak: "AK1", sk: "SK1", project_id: "p1" });
    writeProfile(f, "prod", { endpoint: "https://b.example", ak: "AK2", sk: "SK2", project_id: "p2" });
    const env = { DIS_CONFIG_FILE: f };
    expect(resolveConnection({}, env)).toMatchObject({ endpoint: "https://a.example", projectId: "p1", keys: { ak: "AK1", sk: "SK1" } });
    expect(resolveConnection({ profile: "prod" }, env)).toMatchObject({ endpoint: "https://b.example", keys: { ak: "AK2" } });
    expect(resolveConnection({}, { ...env, DIS_PROFILE: "prod", DIS_AK: "AK3", DIS_SK: "SK3" })).toMatchObject({ keys: { ak: "AK3", sk: "SK3" }, projectId: "p2" });
    expect(resolveConnection({ ak: "AK4", sk: "SK4" }, { ...env, DIS_AK: "AK3", DIS_SK: "SK3" })).toMatchObject({ keys: { ak: "AK4" } });
    expect(resolveConnection({ token: "T" }, env)).toMatchObject({ token: "T" });
    expect(() => resolveConnection({ profile: "missing" }, env)).toThrow(UsageError);

    const empty = { DIS_CONFIG_FILE: file() };
    expect(resolveConnection({ endpoint: "http://127.0.0.1:9999" }, empty)).toMatchObject({
      endpoint: "http://127.0.0.1:9999",
      projectId: DEV_IDENTITY.project,
      keys: { ak: DEV_IDENTITY.accessKey, sk: DEV_IDENTITY.secretKey },
    });
    expect(() => resolveConnection({ endpoint: "https://dis.example.com" }, empty)).toThrow(UsageError);
  });
});

describe("output", () => {
  it("tables pad columns and end lines without spaces", () => {
    expect(table([{ a: "x", b: 1 }, { a: "longer", b: null }], [["name", (r) => r.a], ["n", (r) => r.b]])).toBe("NAME    N\nx       1\nlonger");
  });

  it.each([
    ["90s", 90_000],
    ["15m", 900_000],
    ["1h", 3_600_000],
    ["7d", 604_800_000],
  ])("--since %s", (text, ms) => {
    expect(parseSince(text)).toBe(ms);
  });

  it("the progress line shows a bar and a percentage only when the input's size is known", () => {
    expect(progressLine({ records: 4500, bytes: 2048, inputRead: 45, inputTotal: 100, elapsedMs: 1500 })).toBe("[#########-----------]  45%  4500 records  2.0 KiB  3000 records/s");
    expect(progressLine({ records: 10, bytes: 10, inputRead: 5, inputTotal: null, elapsedMs: 1000 })).toBe("10 records  10 B  10 records/s");
  });
});
