/** Transfer tasks through the real Huawei client against the running service, delivered by the task's own timer. */
import { describe, expect, it } from "vitest";
import { disClient, send } from "./dis-client";

describe("transfer tasks through @huaweicloud/huaweicloud-sdk-core", () => {
  const client = disClient();
  const stream = `e2e-xfer-${Date.now().toString(36)}`;
  const tasks = `/v2/{project_id}/streams/${stream}/transfer-tasks`;

  it("creates a task, delivers within its 30-second interval, stops, starts and deletes it", { timeout: 90_000 }, async () => {
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: stream, partition_count: 1 } })).httpStatusCode).toBe(201);
    const created = await send(client, {
      method: "POST",
      url: tasks,
      data: {
        destination_type: "OBS",
        obs_destination_descriptor: {
          task_name: "e2e_task",
          agency_name: "dis_admin_agency",
          obs_bucket_path: "obsbucket",
          file_prefix: "e2e",
          partition_format: "yyyy/MM/dd",
          deliver_time_interval: 30,
        },
      },
    });
    expect(created.httpStatusCode).toBe(201);
    const records = ["one", "two", "three"].map((t) => ({ data: Buffer.from(t).toString("base64") }));
    expect((await send(client, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, records } })).failed_record_count).toBe(0);

    const list = await send(client, { method: "GET", url: tasks });
    expect(list).toMatchObject({ httpStatusCode: 200, total_number: 1, quota: 5 });
    const taskId = list.tasks[0].task_id as string;

    // The task's timer fires 30 seconds after creation and delivers the three records.
    let described: Record<string, any> = {};
    for (let waited = 0; waited < 60_000; waited += 2_000) {
      described = await send(client, { method: "GET", url: `${tasks}/e2e_task` });
      if (described.partitions?.[0]?.last_transfer_offset === 2) break;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(described).toMatchObject({ stream_name: stream, task_name: "e2e_task", task_id: taskId, state: "RUNNING" });
    expect(described.partitions[0]).toMatchObject({ partition_id: "shardId-0000000000", last_transfer_offset: 2, discard: 0 });
    expect(described.last_transfer_timestamp).toBeGreaterThan(0);

    const stop = await send(client, { method: "POST", url: `${tasks}/action`, data: { action: "stop", tasks: [{ id: taskId }] } });
    expect(stop.httpStatusCode).toBe(200);
    expect((await send(client, { method: "GET", url: `${tasks}/e2e_task` })).state).toBe("PAUSED");
    const start = await send(client, { method: "POST", url: `${tasks}/action`, data: { action: "start", tasks: [{ id: taskId }] } });
    expect(start.httpStatusCode).toBe(200);

    expect((await send(client, { method: "DELETE", url: `${tasks}/e2e_task` })).httpStatusCode).toBe(204);
    const failure = await send(client, { method: "GET", url: `${tasks}/e2e_task` }).then(
      () => null,
      (error: unknown) => error as { httpStatusCode: number; errorCode: string },
    );
    expect(failure).toMatchObject({ httpStatusCode: 400, errorCode: "DIS.4354" });
    expect((await send(client, { method: "DELETE", url: `/v2/{project_id}/streams/${stream}` })).httpStatusCode).toBe(204);
  });
});
