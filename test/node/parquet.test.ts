/**
 * Parquet files as transfer tasks write them, read back with an independent reader
 * (@dsnp/parquetjs, a separate implementation of the format).
 */
import parquet from "@dsnp/parquetjs";
import { describe, expect, it } from "vitest";
import { encodeParquet, parquetColumns } from "../../src/transfers/formats/parquet";
import { planObjects, type DeliveryPlan } from "../../src/transfers/files/plan";

const schema = JSON.stringify({
  type: "record",
  name: "Reading",
  fields: [
    { name: "device", type: "string" },
    { name: "count", type: "int" },
    { name: "total", type: "long" },
    { name: "ratio", type: ["null", "double"] },
    { name: "weight", type: "float" },
    { name: "ok", type: "boolean" },
    { name: "raw", type: "bytes" },
    { name: "level", type: { type: "enum", name: "Level", symbols: ["LOW", "HIGH"] } },
    { name: "nested", type: { type: "record", name: "N", fields: [{ name: "x", type: "int" }] } },
  ],
});

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function readAll(file: Uint8Array) {
  const reader = await parquet.ParquetReader.openBuffer(Buffer.from(file));
  const rows: Record<string, unknown>[] = [];
  const cursor = reader.getCursor();
  for (let row = await cursor.next(); row; row = await cursor.next()) rows.push(row as Record<string, unknown>);
  const fields = Object.keys(reader.getSchema().fields);
  const metadata = reader.getMetadata();
  await reader.close();
  return { rows, fields, metadata };
}

describe("parquet files", () => {
  it("map the data_schema's fields to columns", () => {
    expect(parquetColumns(schema)?.map((c) => [c.name, c.kind])).toEqual([
      ["device", "STRING"],
      ["count", "INT32"],
      ["total", "INT64"],
      ["ratio", "DOUBLE"],
      ["weight", "FLOAT"],
      ["ok", "BOOLEAN"],
      ["raw", "BYTE_ARRAY"],
      ["level", "STRING"],
      ["nested", "JSON"],
    ]);
    expect(parquetColumns('"string"')).toBeNull();
    expect(parquetColumns(null)).toBeNull();
    expect(parquetColumns('{"type":"record","name":"E","fields":[]}')).toBeNull();
  });

  it("read a field only from the record itself, never from what every object inherits", async () => {
    const columns = parquetColumns(JSON.stringify({ type: "record", name: "O", fields: [{ name: "constructor", type: "string" }, { name: "v", type: "int" }] }))!;
    const { file, rejected } = encodeParquet(columns, [encode({ v: 1 }), encode({ constructor: "c", v: 2 })]);
    expect(rejected).toEqual([]);
    expect((await readAll(file!)).rows).toEqual([
      { constructor: null, v: 1 },
      { constructor: "c", v: 2 },
    ]);
  });

  it("read back with every value, nulls where fields are missing, and the misfits handed back", async () => {
    const columns = parquetColumns(schema)!;
    const records = [
      encode({ device: "d1", count: 7, total: 2 ** 40, ratio: 0.25, weight: 1.5, ok: true, raw: "\u0001\u00ff", level: "HIGH", nested: { x: 1 } }),
      encode({ device: "设备二", count: -1, total: -3, weight: 0, ok: false, level: "LOW", nested: { x: 2 } }),
      encode({ device: "bad", count: 2 ** 31 }),
      new TextEncoder().encode("[1,2]"),
      encode({ device: "d3" }),
      encode({ device: "too big", total: 1e19 }),
    ];
    const { file, rejected } = encodeParquet(columns, records, { stream_name: "s" });
    expect(rejected).toEqual([2, 3, 5]);
    const { rows, fields, metadata } = await readAll(file!);
    expect(fields).toEqual(columns.map((c) => c.name));
    expect(metadata).toMatchObject({ stream_name: "s" });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      device: "d1",
      count: 7,
      total: BigInt(2 ** 40),
      ratio: 0.25,
      weight: 1.5,
      ok: true,
      raw: Buffer.from([1, 255]),
      level: "HIGH",
      nested: { x: 1 },
    });
    expect(rows[1]).toMatchObject({ device: "设备二", count: -1, total: -3n, weight: 0, ok: false, level: "LOW" });
    expect(rows[1]!.ratio).toBeNull();
    expect(rows[2]).toEqual({ device: "d3", count: null, total: null, ratio: null, weight: null, ok: null, raw: null, level: null, nested: null });
  });

  it("are what a parquet delivery plans, with the records that cannot be rows as text under obs_error", () => {
    const plan: DeliveryPlan = {
      taskId: "task",
      streamName: "stream",
      deliveredAt: Date.UTC(2030, 0, 1),
      layout: {
        prefix: "out",
        partitionFormat: "yyyy",
        fileType: "parquet",
        recordDelimiter: "\n",
        errorPrefix: "out/obs_error",
        columns: parquetColumns(schema),
      },
    };
    const { objects, misfits } = planObjects(plan, 2, [
      { sequence: 10, timestamp: 1, data: encode({ device: "a" }) },
      { sequence: 11, timestamp: 1, data: new TextEncoder().encode("oops") },
    ]);
    expect(objects.map((o) => [o.key, o.records])).toEqual([
      ["out/2030/stream_task_shardId-0000000002_00000000000000000010_00000000000000000010.parquet", 1],
      ["out/obs_error/2030/stream_task_shardId-0000000002_00000000000000000011_00000000000000000011.txt.gz", 1],
    ]);
    expect(misfits).toEqual([]);
  });

  it("hand the records back instead when the layout has no error prefix, and set aside data that does not decode", () => {
    const plan: DeliveryPlan = {
      taskId: "task",
      streamName: "stream",
      deliveredAt: Date.UTC(2030, 0, 1),
      layout: { prefix: "lake", partitionFormat: "", fileType: "parquet", recordDelimiter: "\n", errorPrefix: null, columns: parquetColumns(schema) },
      decode: (data) => {
        if (data[0] !== 0x7b) throw new Error("data is not valid gzip");
        return data;
      },
    };
    const oops = { sequence: 11, timestamp: 1, data: new TextEncoder().encode("oops") };
    const wrong = { sequence: 12, timestamp: 1, data: encode({ device: 5 }) };
    const { objects, misfits } = planObjects(plan, 0, [{ sequence: 10, timestamp: 1, data: encode({ device: "a" }) }, oops, wrong]);
    expect(objects.map((o) => [o.key, o.records])).toEqual([["lake/stream_task_shardId-0000000000_00000000000000000010_00000000000000000010.parquet", 1]]);
    expect(misfits).toEqual([
      { record: oops, why: "data is not valid gzip" },
      { record: wrong, why: "not a JSON object whose fields fit the data_schema's columns" },
    ]);
  });

  it("set aside the records that do not decode together, as stored, under the error prefix when there is one", () => {
    const plan: DeliveryPlan = {
      taskId: "task",
      streamName: "stream",
      deliveredAt: Date.UTC(2030, 0, 1),
      layout: { prefix: "out", partitionFormat: "yyyy", fileType: "text", recordDelimiter: "\n", errorPrefix: "out/obs_error", columns: null },
      decode: (data) => {
        if (data[0] !== 0x7b) throw new Error("data is not valid gzip");
        return data;
      },
    };
    const { objects, misfits } = planObjects(plan, 0, [
      { sequence: 1, timestamp: 1, data: new TextEncoder().encode("x") },
      { sequence: 2, timestamp: 1, data: encode({ a: 1 }) },
      { sequence: 3, timestamp: 1, data: new TextEncoder().encode("y") },
    ]);
    expect(objects.map((o) => [o.key, o.records])).toEqual([
      ["out/obs_error/2030/stream_task_shardId-0000000000_00000000000000000001_00000000000000000003.txt.gz", 2],
      ["out/2030/stream_task_shardId-0000000000_00000000000000000002_00000000000000000002.txt.gz", 1],
    ]);
    expect(misfits).toEqual([]);
  });
});
