import { gzipSync } from "fflate";
import { compress as snappyCompress } from "snappyjs";
import { describe, expect, it } from "vitest";
import { call, PROJECT } from "../helpers/http";
import { b64, cursor, get, newStream, put, utf8 } from "../helpers/records";

const reading = {
  type: "record",
  name: "Reading",
  fields: [
    { name: "device", type: "string" },
    { name: "temp", type: "double" },
    { name: "note", type: ["null", "string"], default: null },
  ],
};

async function stored(stream: string): Promise<string[]> {
  const reply = await get(await cursor(stream));
  expect(reply.status, reply.text).toBe(200);
  return reply.json.records.map((r: { data: string }) => utf8(r.data));
}

function entries(reply: { json: { records: Record<string, unknown>[] } }) {
  return reply.json.records.map((r) => ("error_code" in r ? r.error_code : "ok"));
}

describe("put records into typed streams", () => {
  it("JSON with a data_schema: a record that does not fit fails alone with DIS.4380 naming the field; the others are stored", async () => {
    const stream = await newStream(1, { data_type: "JSON", data_schema: JSON.stringify(reading) });
    const reply = await put(stream, [
      { data: b64('{"device":"d1","temp":21.5}') },
      { data: b64('{"device":"d2","temp":"warm"}') },
      { data: b64("not json") },
      { data: b64('{"temp":1}') },
      { data: b64('{"device":"d5","temp":-3,"note":"cold","extra":true}') },
    ]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.failed_record_count).toBe(3);
    expect(entries(reply)).toEqual(["ok", "DIS.4380", "DIS.4380", "DIS.4380", "ok"]);
    expect(reply.json.records[1].error_message).toContain('records[1]: data does not fit the data_schema: field "temp": expected double, got string');
    expect(reply.json.records[2].error_message).toContain("records[2]: data is not JSON");
    expect(reply.json.records[3].error_message).toContain('field "device": missing');
    expect(reply.json.records.map((r: Record<string, unknown>) => r.sequence_number ?? null)).toEqual(["0", null, null, null, "1"]);
    expect(await stored(stream)).toEqual(['{"device":"d1","temp":21.5}', '{"device":"d5","temp":-3,"note":"cold","extra":true}']);
  });

  it("JSON without a schema: any JSON fits", async () => {
    const stream = await newStream(1, { data_type: "JSON" });
    const reply = await put(stream, [{ data: b64("[1,2]") }, { data: b64("{oops") }]);
    expect(entries(reply)).toEqual(["ok", "DIS.4380"]);
  });

  it("CSV: split by csv_properties.delimiter, with the schema's field count and types", async () => {
    const stream = await newStream(1, { data_type: "CSV", data_schema: JSON.stringify(reading), csv_properties: { delimiter: ";" } });
    const reply = await put(stream, [{ data: b64("d1;21.5;") }, { data: b64("d2;hot;x") }, { data: b64("d3;1") }, { data: b64('"d;4";2.5;"a ""b"""') }]);
    expect(entries(reply)).toEqual(["ok", "DIS.4380", "DIS.4380", "ok"]);
    expect(reply.json.records[1].error_message).toContain('column 2 ("temp"): "hot" is not a double');
    expect(reply.json.records[2].error_message).toContain("the line has 2 fields, the data_schema has 3");
  });

  it("compression_format: records are checked once decompressed and stored as sent", async () => {
    const stream = await newStream(1, { data_type: "JSON", compression_format: "gzip" });
    const packed = gzipSync(new TextEncoder().encode('{"a":1}'));
    const reply = await put(stream, [{ data: b64(packed) }, { data: b64('{"a":1}') }, { data: b64(gzipSync(new TextEncoder().encode("nope"))) }]);
    expect(entries(reply)).toEqual(["ok", "DIS.4380", "DIS.4380"]);
    expect(reply.json.records[1].error_message).toContain("data is not valid gzip");
    const got = await get(await cursor(stream));
    expect(got.json.records[0].data).toBe(b64(packed));
  });

  it("a BLOB stream with compression_format snappy takes only snappy data; a BLOB stream without takes anything", async () => {
    const snappy = await newStream(1, { compression_format: "snappy" });
    const reply = await put(snappy, [{ data: b64(snappyCompress(new TextEncoder().encode("hello hello hello"))) }, { data: b64("\u00ff\u00ff\u00ff\u00ff") }]);
    expect(entries(reply)).toEqual(["ok", "DIS.4380"]);
    const blob = await newStream(1);
    expect(entries(await put(blob, [{ data: b64("\u00ff\u00ff") }]))).toEqual(["ok"]);
  });

  it("a changed data_schema applies to the next puts", async () => {
    const stream = await newStream(1, { data_type: "JSON", data_schema: JSON.stringify(reading) });
    expect(entries(await put(stream, [{ data: b64('{"device":"d","temp":1,"x":1}') }, { data: b64('{"x":1}') }]))).toEqual(["ok", "DIS.4380"]);
    const loose = { type: "record", name: "Any", fields: [{ name: "x", type: "int" }] };
    const update = await call("PUT", `/v3/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, data_schema: JSON.stringify(loose) } });
    expect(update.status, update.text).toBe(204);
    expect(entries(await put(stream, [{ data: b64('{"device":"d","temp":1}') }, { data: b64('{"x":1}') }]))).toEqual(["DIS.4380", "ok"]);
  });

  it("every record refused: 200 with all of them failed, nothing stored", async () => {
    const stream = await newStream(1, { data_type: "JSON" });
    const reply = await put(stream, [{ data: b64("x") }, { data: b64("y") }]);
    expect(reply.status).toBe(200);
    expect(reply.json.failed_record_count).toBe(2);
    expect(await stored(stream)).toEqual([]);
  });
});
