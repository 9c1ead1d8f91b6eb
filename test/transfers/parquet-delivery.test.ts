import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, PROJECT } from "../helpers/http";
import { newStream, put } from "../helpers/records";
import { cron, describeTask, newTask, objectKeys, seq, textOf } from "../helpers/transfers";

const T = Date.UTC(2031, 4, 6, 7, 8, 9);

const schema = {
  type: "record",
  name: "Reading",
  fields: [
    { name: "device", type: "string" },
    { name: "count", type: "int" },
    { name: "total", type: "long" },
    { name: "ratio", type: ["null", "double"] },
    { name: "ok", type: "boolean" },
    { name: "tags", type: { type: "array", items: "string" } },
  ],
};

describe("parquet delivery", () => {
  it("writes the JSON records as Parquet rows with the data_schema's columns; misfits go to obs_error as text", async () => {
    // Records put before the stream declared its type need not fit it: they are what a Parquet file cannot always hold.
    const stream = await newStream(1);
    const prefix = `p_${stream.replace(/-/g, "_")}`;
    const rows = [
      { device: "d1", count: 1, total: 10, ratio: 0.5, ok: true, tags: ["a"] },
      { device: "设备", count: -2, total: 9007199254740991, ok: false, tags: [] },
      { device: "d3", count: "three", total: 3, ok: true, tags: [] },
    ];
    const data = rows.map((r) => ({ data: btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(r)))), partition_id: "0" }));
    data.push({ data: btoa("not json"), partition_id: "0" });
    expect((await put(stream, data)).json.failed_record_count).toBe(0);
    const typed = await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_type: "JSON", data_schema: JSON.stringify(schema) } });
    expect(typed.status, typed.text).toBe(204);
    const taskId = await newTask(stream, "columns", { file_prefix: prefix, destination_file_type: "parquet", consumer_strategy: "TRIM_HORIZON" });

    await cron(T);
    const file = `${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(1)}.parquet`;
    const errors = `${prefix}/obs_error/${stream}_${taskId}_shardId-0000000000_${seq(2)}_${seq(3)}.txt.gz`;
    expect(await objectKeys(`${prefix}/`)).toEqual([errors, file]);

    const object = await env.OBS_BUCKET.get(file);
    expect(object?.httpMetadata?.contentType).toBe("application/vnd.apache.parquet");
    expect(object?.customMetadata).toMatchObject({ first_sequence_number: "0", last_sequence_number: "1", record_count: "2", compression: "snappy" });
    const bytes = await object!.arrayBuffer();
    const metadata = parquetMetadata(bytes);
    expect(metadata.schema.slice(1).map((c) => c.name)).toEqual(["device", "count", "total", "ratio", "ok", "tags"]);
    expect(await parquetReadObjects({ file: bytes })).toEqual([
      { device: "d1", count: 1, total: 10n, ratio: 0.5, ok: true, tags: ["a"] },
      { device: "设备", count: -2, total: 9007199254740991n, ratio: null, ok: false, tags: [] },
    ]);
    expect(await textOf(errors)).toBe(`${JSON.stringify(rows[2])}\nnot json`);
    expect((await describeTask(stream, "columns")).partitions[0]).toMatchObject({ last_transfer_offset: 3, discard: 0 });
  });
});
