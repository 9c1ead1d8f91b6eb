/** The stream control plane through the real Huawei client, signed with AK/SK. */
import { describe, expect, it } from "vitest";
import { disClient, send } from "./dis-client";

describe("streams through @huaweicloud/huaweicloud-sdk-core", () => {
  const client = disClient();
  const name = `e2e-${Date.now().toString(36)}`;

  it("creates, lists, describes, updates and deletes a stream", async () => {
    const created = await send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: name, partition_count: 3, data_duration: 24 } });
    expect(created.httpStatusCode).toBe(201);

    const listed = await send(client, { method: "GET", url: "/v2/{project_id}/streams", query: { limit: 100 } });
    expect(listed.httpStatusCode).toBe(200);
    expect(listed.stream_names).toContain(name);

    const described = await send(client, { method: "GET", url: `/v2/{project_id}/streams/${name}`, query: { limit_partitions: 2 } });
    expect(described.httpStatusCode).toBe(200);
    expect(described.stream_name).toBe(name);
    expect(described.partitions).toHaveLength(2);
    expect(described.has_more_partitions).toBe(true);
    expect(described.partitions[0]).toEqual({
      status: "ACTIVE",
      partition_id: "shardId-0000000000",
      hash_range: "[0 : 3074457345618258602]",
      sequence_number_range: "[0 : 0]",
    });

    const updated = await send(client, { method: "PUT", url: `/v3/{project_id}/streams/${name}`, data: { stream_name: name, data_duration: 48 } });
    expect(updated.httpStatusCode).toBe(204);
    const after = await send(client, { method: "GET", url: `/v2/{project_id}/streams/${name}` });
    expect(after.retention_period).toBe(48);

    const deleted = await send(client, { method: "DELETE", url: `/v2/{project_id}/streams/${name}` });
    expect(deleted.httpStatusCode).toBe(204);
  });

  it("reports a DIS error with its errorCode", async () => {
    const failure = await send(client, { method: "GET", url: "/v2/{project_id}/streams/no-such-stream" }).then(
      () => null,
      (error: unknown) => error as { httpStatusCode: number; errorCode: string; errorMsg: string },
    );
    expect(failure).not.toBeNull();
    expect(failure!.httpStatusCode).toBe(400);
    expect(failure!.errorCode).toBe("DIS.4301");
    expect(failure!.errorMsg).toContain("The stream does not exist");
  });

  it("signs with the derived-key variant too", async () => {
    const derived = disClient({ derived: true });
    const listed = await send(derived, { method: "GET", url: "/v2/{project_id}/streams" });
    expect(listed.httpStatusCode).toBe(200);
  });

  it("refuses a wrong secret key with 441", async () => {
    const wrong = disClient({ sk: "not-the-secret" });
    const failure = await send(wrong, { method: "GET", url: "/v2/{project_id}/streams" }).then(
      () => null,
      (error: unknown) => error as { httpStatusCode: number; errorCode: string },
    );
    expect(failure?.httpStatusCode).toBe(441);
    expect(failure?.errorCode).toBe("DIS.4104");
  });
});
