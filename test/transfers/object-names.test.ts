import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { PartitionFormat } from "../../src/transfers/descriptor";
import { encodeText, joinRecords } from "../../src/transfers/formats/text";
import { objectKey, timeDirectories } from "../../src/transfers/object-names";
import { parseTimestamp, recordTime } from "../../src/transfers/record-time";

const AT = Date.UTC(2017, 10, 10, 14, 49, 59, 999);

describe("time directories", () => {
  it.each<[PartitionFormat, string]>([
    ["", ""],
    ["N/A", ""],
    ["yyyy", "2017"],
    ["yyyy/MM", "2017/11"],
    ["yyyy/MM/dd", "2017/11/10"],
    ["yyyy/MM/dd/HH", "2017/11/10/14"],
    ["yyyy/MM/dd/HH/mm", "2017/11/10/14/49"],
  ])("%s → %s (UTC)", (format, dirs) => {
    expect(timeDirectories(format, AT)).toBe(dirs);
  });
});

describe("object keys", () => {
  const name = { streamName: "s", taskId: "T", partition: 3, firstSequence: 5, lastSequence: 12, extension: "txt.gz" };
  it.each([
    ["", "", "s_T_shardId-0000000003_00000000000000000005_00000000000000000012.txt.gz"],
    ["a/b", "2017/11", "a/b/2017/11/s_T_shardId-0000000003_00000000000000000005_00000000000000000012.txt.gz"],
    ["a//b/", "", "a/b/s_T_shardId-0000000003_00000000000000000005_00000000000000000012.txt.gz"],
  ])("prefix %j, directories %j", (prefix, directories, key) => {
    expect(objectKey({ ...name, prefix, directories })).toBe(key);
  });

  it("sort by sequence number within a partition", () => {
    const keys = [[9, 9], [10, 99], [100, 100]].map(([f, l]) => objectKey({ ...name, prefix: "", directories: "", firstSequence: f!, lastSequence: l! }));
    expect([...keys].sort()).toEqual(keys);
  });
});

describe("record timestamps", () => {
  it.each([
    ["yyyy/MM/dd HH:mm:ss", "2030/02/01 10:11:12"],
    ["MM/dd/yyyy HH:mm:ss", "02/01/2030 10:11:12"],
    ["dd/MM/yyyy HH:mm:ss", "01/02/2030 10:11:12"],
    ["yyyy-MM-dd HH:mm:ss", "2030-02-01 10:11:12"],
    ["MM-dd-yyyy HH:mm:ss", "02-01-2030 10:11:12"],
    ["dd-MM-yyyy HH:mm:ss", "01-02-2030 10:11:12"],
  ] as const)("%s reads %s", (format, text) => {
    expect(parseTimestamp(text, format)).toBe(Date.UTC(2030, 1, 1, 10, 11, 12));
  });

  it.each([
    ["2030-02-01 10:11:12", "yyyy/MM/dd HH:mm:ss"],
    ["2030/13/01 10:11:12", "yyyy/MM/dd HH:mm:ss"],
    ["2030/04/31 10:11:12", "yyyy/MM/dd HH:mm:ss"],
    ["2030/02/01 24:00:00", "yyyy/MM/dd HH:mm:ss"],
    ["2030/02/01", "yyyy/MM/dd HH:mm:ss"],
    ["230/02/01 10:11:12", "yyyy/MM/dd HH:mm:ss"],
    ["02/001/2030 10:11:12", "MM/dd/yyyy HH:mm:ss"],
  ] as const)("%s does not match %s", (text, format) => {
    expect(parseTimestamp(text, format)).toBeNull();
  });

  it("keep years below 100 as written", () => {
    expect(parseTimestamp("0023-01-02 03:04:05", "yyyy-MM-dd HH:mm:ss")).toBe(new Date("0023-01-02T03:04:05Z").getTime());
  });

  const bytes = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
  it("come from the named field, or null", () => {
    const ms = { timestamp_name: "ts", timestamp_type: "Timestamp" } as const;
    expect(recordTime(bytes({ ts: 1700000000123 }), ms)).toBe(1700000000123);
    expect(recordTime(bytes({ ts: "1700000000123" }), ms)).toBe(1700000000123);
    expect(recordTime(bytes({ ts: -1 }), ms)).toBeNull();
    expect(recordTime(bytes({ ts: 9_000_000_000_000_000 }), ms)).toBeNull();
    expect(recordTime(bytes({ other: 1 }), ms)).toBeNull();
    expect(recordTime(bytes("not json"), ms)).toBeNull();
    expect(recordTime(bytes([1]), ms)).toBeNull();
    const text = { timestamp_name: "t", timestamp_type: "String", timestamp_format: "yyyy-MM-dd HH:mm:ss" } as const;
    expect(recordTime(bytes({ t: "2030-02-01 10:11:12" }), text)).toBe(Date.UTC(2030, 1, 1, 10, 11, 12));
    expect(recordTime(bytes({ t: 5 }), text)).toBeNull();
  });
});

describe("text files", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it("join the records by the delimiter, with none after the last", () => {
    expect(new TextDecoder().decode(joinRecords([enc("a"), enc("中文"), enc("")], "|"))).toBe("a|中文|");
    expect(joinRecords([], "\n")).toEqual(new Uint8Array(0));
    const binary = new Uint8Array([0, 255, 10]);
    expect(joinRecords([binary, binary], ",")).toEqual(new Uint8Array([0, 255, 10, 44, 0, 255, 10]));
  });

  it("are gzip", () => {
    const file = encodeText([enc("x"), enc("y")], "\n");
    expect([file[0], file[1]]).toEqual([0x1f, 0x8b]);
    expect(new TextDecoder().decode(gunzipSync(file))).toBe("x\ny");
  });
});
