/** The web console's pure parts: record renderings, lag, metric windows, token renewal, routes and the create stream form. */
import { describe, expect, it } from "vitest";
import { formatAge, fromBase64, hexDump, jsonLines, metricsWindow, recordsBehind, render, renewDelay, RENEW_BEFORE_MS, toBase64 } from "../../console/src/format";
import { hrefOf, parseRoute } from "../../console/src/routes";
import { createBody, formProblems, NEW_STREAM } from "../../console/src/stream-form";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("record renderings", () => {
  it("shows data as UTF-8, pretty JSON (null when it is not JSON) and hex", () => {
    const data = bytes('{"a":[1,"é"]}');
    expect(render(data, "utf8")).toBe('{"a":[1,"é"]}');
    expect(render(data, "json")).toBe('{\n  "a": [\n    1,\n    "é"\n  ]\n}');
    expect(render(bytes("not json"), "json")).toBeNull();
    expect(render(new Uint8Array([0xff, 0x41]), "utf8")).toBe("\uFFFDA");
    expect(hexDump(new Uint8Array(Array.from({ length: 18 }, (_, i) => i)))).toBe(
      "000000  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n000010  10 11",
    );
    expect(fromBase64(toBase64(new Uint8Array([0, 255, 128])))).toEqual(new Uint8Array([0, 255, 128]));
  });

  it("downloads records as JSON lines, binary data as base64", () => {
    const text = jsonLines([
      { sequence_number: "0", timestamp: 5, partition_key: "k", data: toBase64(bytes("hi")) },
      { sequence_number: "1", timestamp: 6, data: toBase64(new Uint8Array([0xff])) },
    ]);
    expect(text).toBe('{"sequence_number":"0","timestamp":5,"partition_key":"k","data":"hi"}\n{"sequence_number":"1","timestamp":6,"data_base64":"/w=="}\n');
  });
});

describe("consumer lag", () => {
  it("counts the records after the checkpoint up to the next sequence number", () => {
    expect(recordsBehind({ sequence_number: "-1", earliest_offset: "0", latest_offset: "3" })).toBe(3);
    expect(recordsBehind({ sequence_number: "0", earliest_offset: "0", latest_offset: "3" })).toBe(2);
    expect(recordsBehind({ sequence_number: "2", earliest_offset: "0", latest_offset: "3" })).toBe(0);
    // Records before the checkpoint that expired do not count twice; a checkpoint before the earliest counts from there.
    expect(recordsBehind({ sequence_number: "1", earliest_offset: "5", latest_offset: "8" })).toBe(3);
    expect(formatAge(59_000)).toBe("59 s");
    expect(formatAge(3_725_000)).toBe("1 h 2 min");
  });
});

describe("metric windows and token renewal", () => {
  it("asks for the chosen range ending now, in epoch seconds, never more than 7 days", () => {
    const now = Date.UTC(2026, 11, 2, 12, 0, 30, 500);
    expect(metricsWindow("15m", now)).toEqual({ start_time: now / 1000 - 0.5 - 900, end_time: Math.floor(now / 1000) });
    const week = metricsWindow("7d", now);
    expect(week.end_time - week.start_time).toBe(7 * 86400);
  });

  it("renews a token ten minutes before it expires, at once when that time has passed", () => {
    expect(renewDelay(1_000_000 + RENEW_BEFORE_MS + 5_000, 1_000_000)).toBe(5_000);
    expect(renewDelay(1_000_000, 1_000_000)).toBe(0);
  });
});

describe("routes", () => {
  it("reads and writes hash routes", () => {
    expect(parseRoute("")).toEqual({ page: "streams" });
    expect(parseRoute("#/streams/my%20s/records")).toEqual({ page: "stream", stream: "my s", tab: "records" });
    expect(parseRoute("#/streams/s/nonsense")).toEqual({ page: "stream", stream: "s", tab: "overview" });
    expect(hrefOf({ page: "stream", stream: "a-b", tab: "overview" })).toBe("#/streams/a-b");
    expect(hrefOf({ page: "stream", stream: "a", tab: "tasks" })).toBe("#/streams/a/tasks");
  });
});

describe("the create stream form", () => {
  it("says what the reference would refuse", () => {
    expect(formProblems({ ...NEW_STREAM, stream_name: "ok" })).toEqual([]);
    expect(formProblems({ ...NEW_STREAM, stream_name: "bad name", partition_count: "0", data_duration: "23" })).toEqual([
      "Name: 1-64 letters, digits, '_' or '-'.",
      "Partitions: at least 1.",
      "Retention: 24-168 hours.",
    ]);
    expect(formProblems({ ...NEW_STREAM, stream_name: "s", data_type: "JSON", data_schema: "{" })).toEqual(["Data schema: not JSON."]);
    expect(formProblems({ ...NEW_STREAM, stream_name: "s", auto_scale_enabled: true, auto_scale_min_partition_count: "2", auto_scale_max_partition_count: "4" })).toEqual([
      "Auto-scaling: 1 ≤ fewest ≤ partitions ≤ most.",
    ]);
    const tooMany = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join(",");
    expect(formProblems({ ...NEW_STREAM, stream_name: "s", tags: tooMany })).toEqual(["Tags: at most 10."]);
    expect(formProblems({ ...NEW_STREAM, stream_name: "s", tags: "a=1,a=2" })).toEqual(["Tags: keys must be unique."]);
    expect(formProblems({ ...NEW_STREAM, stream_name: "s", tags: "a b=1" })[0]).toContain("Tags: keys 1-36");
    expect(formProblems({ ...NEW_STREAM, stream_name: "s", enterprise_project_id: "nope" })).toEqual(["Enterprise project: a UUID."]);
  });

  it("makes the create body with only the options given", () => {
    expect(createBody({ ...NEW_STREAM, stream_name: "s" })).toEqual({ stream_name: "s", partition_count: 1, stream_type: "COMMON", data_duration: 24, data_type: "BLOB" });
    expect(
      createBody({ ...NEW_STREAM, stream_name: "c", data_type: "CSV", data_schema: '"string"', csv_delimiter: ";", compression_format: "gzip", auto_scale_enabled: true, auto_scale_max_partition_count: "3", tags: "site=paris, x" }),
    ).toEqual({
      stream_name: "c",
      partition_count: 1,
      stream_type: "COMMON",
      data_duration: 24,
      data_type: "CSV",
      data_schema: '"string"',
      compression_format: "gzip",
      csv_properties: { delimiter: ";" },
      auto_scale_enabled: true,
      auto_scale_min_partition_count: 1,
      auto_scale_max_partition_count: 3,
      tags: [
        { key: "site", value: "paris" },
        { key: "x", value: "" },
      ],
    });
    const project = "0e7d67f2-5155-4bcb-8c2d-0b173400b72e";
    expect(createBody({ ...NEW_STREAM, stream_name: "e", enterprise_project_id: project }).sys_tags).toEqual([{ key: "_sys_enterprise_project_id", value: project }]);
  });
});
