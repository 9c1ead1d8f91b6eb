import { describe, expect, it } from "vitest";
import { call, PROJECT, expectError } from "../helpers/http";
import { b64, cursor, get, newStream, put } from "../helpers/records";


const window = () => {
  const now = Math.floor(Date.now() / 1000);
  return { start_time: String(now - 120), end_time: String(now + 120) };
};

function metrics(stream: string, params: Record<string, string>, partition?: string) {
  const path = partition === undefined ? `streams/${stream}/metrics` : `streams/${stream}/partitions/${partition}/metrics`;
  return call("GET", `/v2/${PROJECT}/${path}?${new URLSearchParams({ ...window(), ...params })}`);
}

const total = (points: { value: number }[]) => points.reduce((s, p) => s + p.value, 0);

describe("stream and partition metrics", () => {
  it("count bytes, records and requests exactly, and average latency plausibly", async () => {
    const stream = await newStream(2);
    // Request 1: 3 records of 10 bytes to partition 0 and 2 of 10 bytes to partition 1.
    const ten = b64("0123456789");
    await put(stream, [0, 0, 0, 1, 1].map((p) => ({ data: ten, partition_id: String(p) })));
    // Request 2: 1 record of 4 bytes to partition 1.
    await put(stream, [{ data: b64("abcd"), partition_id: "1" }]);
    // Reads: 3 records (30 bytes) from partition 0, twice.
    for (let i = 0; i < 2; i++) expect((await get(await cursor(stream, "0"))).json.records).toHaveLength(3);
    // One more put and read carry the earlier requests' latency along.
    await put(stream, [{ data: b64("x"), partition_id: "0" }]);
    await get(await cursor(stream, "0", "LATEST"));

    const list = await metrics(stream, {
      label_list: "total_put_bytes_per_stream,total_put_records_per_stream,total_put_req_suc_per_stream,total_get_bytes_per_stream,total_get_records_per_stream,total_get_req_suc_per_stream,total_put_req_latency,total_get_req_latency,traffic_control_put,traffic_control_get",
    });
    expect(list.status).toBe(200);
    const byLabel = Object.fromEntries(list.json.metrics_list.map((m: { label: string; dataPoints: { value: number }[] }) => [m.label, m.dataPoints]));
    expect(total(byLabel.total_put_bytes_per_stream)).toBe(50 + 4 + 1);
    expect(total(byLabel.total_put_records_per_stream)).toBe(7);
    expect(total(byLabel.total_put_req_suc_per_stream)).toBe(3);
    expect(total(byLabel.total_get_bytes_per_stream)).toBe(60);
    expect(total(byLabel.total_get_records_per_stream)).toBe(6);
    expect(total(byLabel.total_get_req_suc_per_stream)).toBe(3);
    expect(total(byLabel.traffic_control_put)).toBe(0);
    expect(total(byLabel.traffic_control_get)).toBe(0);
    for (const label of ["total_put_req_latency", "total_get_req_latency"]) {
      const values = byLabel[label].map((p: { value: number }) => p.value).filter((v: number) => v > 0);
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) expect(v).toBeLessThan(10_000);
    }
    const points = byLabel.total_put_bytes_per_stream;
    expect(points.length).toBe(5);
    for (let i = 1; i < points.length; i++) expect(points[i].timestamp - points[i - 1].timestamp).toBe(60_000);

    const one = await metrics(stream, { label: "total_put_records_per_partition" }, "shardId-0000000001");
    expect(one.status).toBe(200);
    expect(one.json.metrics.label).toBe("total_put_records_per_partition");
    expect(total(one.json.metrics.dataPoints)).toBe(3);
    const getBytes = await metrics(stream, { label: "total_get_bytes_per_partition" }, "0");
    expect(total(getBytes.json.metrics.dataPoints)).toBe(60);
  });

  it("a put whose lowest partition is DELETED is still counted once", async () => {
    const stream = await newStream(2);
    expect((await call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, target_partition_count: 1 } })).status).toBe(200);
    // Partition 1 is DELETED now; the request names it first and partition 0 second.
    const reply = await put(stream, [{ data: b64("x"), partition_id: "0" }, { data: b64("y"), partition_id: "1" }]);
    expect(reply.json.failed_record_count).toBe(1);
    const counted = await metrics(stream, { label: "total_put_req_suc_per_stream" });
    expect(total(counted.json.metrics.dataPoints)).toBe(1);
  });

  it("counts requests refused by traffic control", async () => {
    const stream = await newStream();
    const record = { data: b64(new Uint8Array(2000)) };
    for (let i = 0; i < 3; i++) await put(stream, Array.from({ length: 500 }, () => record));
    const reply = await metrics(stream, { label: "traffic_control_put" });
    expect(total(reply.json.metrics.dataPoints)).toBeGreaterThanOrEqual(1);
  });

  const label = "total_put_bytes_per_stream";
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  it.each<[string, Record<string, string>, string]>([
    ["no start_time", { label, start_time: "" }, "DIS.4203"],
    ["a 13-digit time", { label, start_time: String(Date.now()) }, "DIS.4203"],
    ["a time that is not a number", { label, end_time: "soon" }, "DIS.4203"],
    ["end before start", { label, end_time: String(nowSeconds() - 3600) }, "DIS.4203"],
    ["more than 7 days", { label, start_time: String(nowSeconds() - 8 * 86400) }, "DIS.4204"],
    ["an unknown label", { label: "total_cpu" }, "DIS.4209"],
    ["a name every object has", { label: "constructor" }, "DIS.4209"],
    ["a partition label on the stream", { label: "total_put_bytes_per_partition" }, "DIS.4209"],
    ["an unknown label in the list", { label, label_list: "total_put_bytes_per_stream,nope" }, "DIS.4209"],
    ["no label", {}, "DIS.4200"],
  ])("stream metrics with %s: %s", async (_name, params, code) => {
    const stream = await newStream();
    expectError(await metrics(stream, params), code);
  });

  it("unknown stream, malformed and unknown partitions", async () => {
    const stream = await newStream();
    expectError(await metrics("nope", { label: "total_put_bytes_per_stream" }), "DIS.4301");
    expectError(await metrics(stream, { label: "total_put_bytes_per_partition" }, "p1"), "DIS.4201");
    expectError(await metrics(stream, { label: "total_put_bytes_per_partition" }, "3"), "DIS.4302");
  });
});
