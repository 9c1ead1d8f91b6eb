/** Apps and checkpoints through the real Huawei client against the running service. */
import { describe, expect, it } from "vitest";
import { disClient, send } from "./dis-client";

describe("apps and checkpoints through @huaweicloud/huaweicloud-sdk-core", () => {
  const client = disClient();
  const stream = `e2e-cons-${Date.now().toString(36)}`;
  const app = `e2e-app-${Date.now().toString(36)}`;

  it("creates an app, commits and reads a checkpoint, shows consuming state, deletes the app", async () => {
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: stream, partition_count: 1 } })).httpStatusCode).toBe(201);
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/apps", data: { app_name: app } })).httpStatusCode).toBe(201);
    const records = [{ data: Buffer.from("a").toString("base64") }, { data: Buffer.from("b").toString("base64") }];
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, records } })).failed_record_count).toBe(0);

    const committed = await send(client, {
      method: "POST",
      url: "/v2/{project_id}/checkpoints",
      data: { app_name: app, stream_name: stream, partition_id: "0", sequence_number: "1", checkpoint_type: "LAST_READ", metadata: "m" },
    });
    expect(committed.httpStatusCode).toBe(201);

    const checkpoint = await send(client, {
      method: "GET",
      url: "/v2/{project_id}/checkpoints",
      query: { app_name: app, stream_name: stream, partition_id: "shardId-0000000000", checkpoint_type: "LAST_READ" },
    });
    expect(checkpoint).toMatchObject({ httpStatusCode: 200, sequence_number: "1", metadata: "m" });

    const state = await send(client, { method: "GET", url: `/v2/{project_id}/apps/${app}/streams/${stream}`, query: { checkpoint_type: "LAST_READ" } });
    expect(state.partition_consuming_states).toEqual([
      { partition_id: "0", sequence_number: "1", latest_offset: "2", earliest_offset: "0", checkpoint_type: "LAST_READ", status: "ACTIVE" },
    ]);

    const described = await send(client, { method: "GET", url: `/v2/{project_id}/apps/${app}` });
    expect(described.commit_checkpoint_stream_names).toEqual([stream]);
    expect((await send(client, { method: "DELETE", url: `/v2/{project_id}/apps/${app}` })).httpStatusCode).toBe(204);

    const failure = await send(client, { method: "GET", url: `/v2/{project_id}/apps/${app}` }).then(
      () => null,
      (error: unknown) => error as { httpStatusCode: number; errorCode: string },
    );
    expect(failure).toMatchObject({ httpStatusCode: 400, errorCode: "DIS.4332" });
  });
});
