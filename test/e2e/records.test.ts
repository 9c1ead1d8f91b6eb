/** Put, cursor and get through the real Huawei client against the running service. */
import { describe, expect, it } from "vitest";
import { disClient, send } from "./dis-client";

describe("records through @huaweicloud/huaweicloud-sdk-core", () => {
  const client = disClient();
  const name = `e2e-rec-${Date.now().toString(36)}`;

  it("puts records, gets a cursor, and reads them back", async () => {
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: name, partition_count: 1 } })).httpStatusCode).toBe(201);

    const records = ["hello", "数据接入", "third"].map((text) => ({ data: Buffer.from(text).toString("base64"), partition_key: "k" }));
    const put = await send(client, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: name, records } });
    expect(put.httpStatusCode).toBe(200);
    expect(put.failed_record_count).toBe(0);
    expect(put.records.map((r: { sequence_number: string }) => r.sequence_number)).toEqual(["0", "1", "2"]);

    const cursor = await send(client, {
      method: "GET",
      url: "/v2/{project_id}/cursors",
      query: { "stream-name": name, "partition-id": "shardId-0000000000", "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": "1" },
    });
    expect(cursor.httpStatusCode).toBe(200);

    const got = await send(client, { method: "GET", url: "/v2/{project_id}/records", query: { "partition-cursor": cursor.partition_cursor } });
    expect(got.httpStatusCode).toBe(200);
    expect(got.records.map((r: { data: string }) => Buffer.from(r.data, "base64").toString())).toEqual(["数据接入", "third"]);
    expect(got.records[0].partition_key).toBe("k");

    const idle = await send(client, { method: "GET", url: "/v2/{project_id}/records", query: { "partition-cursor": got.next_partition_cursor } });
    expect(idle.records).toEqual([]);
  });
});
