import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEV_READER } from "../../src/identity/dev-identities";
import { call, expectError } from "../helpers/http";
import { b64, newStream, put } from "../helpers/records";
import { cron, newTask, seq, tasksPath } from "../helpers/transfers";

const T = Date.UTC(2031, 4, 6, 7, 8, 9);
const reader = { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey };

describe("the objects a task delivered", () => {
  it("lists the task's objects only, and previews one's text with the gzip undone", async () => {
    const stream = await newStream(1);
    const prefix = `shown_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "shown", { file_prefix: prefix });
    await newTask(stream, "beside", { file_prefix: prefix });
    await put(stream, [{ data: b64("hello") }, { data: b64("world") }]);
    await cron(T);

    const listed = await call("GET", tasksPath(stream, "/shown/objects"));
    expect(listed.status, listed.text).toBe(200);
    const key = `${prefix}/${stream}_${taskId}_shardId-0000000000_${seq(0)}_${seq(1)}.txt.gz`;
    const stored = (await env.OBS_BUCKET.head(key))!;
    const object = { key, size: stored.size, uploaded: stored.uploaded.getTime(), content_type: "text/plain", metadata: stored.customMetadata };
    expect(stored.customMetadata).toMatchObject({ stream_name: stream, task_id: taskId, record_count: "2", first_sequence_number: "0", last_sequence_number: "1" });
    expect(listed.json.objects).toEqual([object]);
    expect(listed.json.cursor).toBeUndefined();

    // The reader may look (dis:transferTasks:get).
    const preview = await call("GET", tasksPath(stream, `/shown/objects/preview?key=${encodeURIComponent(key)}`), { keys: reader });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json).toEqual({ ...object, text: "hello\nworld", truncated: false });
  });

  it("answers DIS.4040 for a key that is not the task's, DIS.4354 for an unknown task, DIS.4200 for a task without files", async () => {
    const stream = await newStream(1);
    await newTask(stream, "mine", { file_prefix: "x" });
    expectError(await call("GET", tasksPath(stream, "/mine/objects/preview?key=x/other-object.txt.gz")), "DIS.4040", 404);
    expectError(await call("GET", tasksPath(stream, "/mine/objects/preview")), "DIS.4200");
    expectError(await call("GET", tasksPath(stream, "/nosuch/objects")), "DIS.4354");
    const jsonStream = await newStream(1, { data_type: "JSON" });
    const tsdb = await call("POST", tasksPath(jsonStream), {
      body: {
        destination_type: "CLOUDTABLE",
        cloudtable_destination_descriptor: {
          task_name: "points",
          agency_name: "a",
          cloudtable_cluster_name: "cloudtablecluster",
          cloudtable_cluster_id: "c",
          opentsdb_schema: [{ metric: [{ type: "Constant", value: "m" }], timestamp: { type: "Timestamp", value: "t" }, value: { type: "Double", value: "v" }, tags: [] }],
        },
      },
    });
    expect(tsdb.status, tsdb.text).toBe(201);
    expectError(await call("GET", tasksPath(jsonStream, "/points/objects")), "DIS.4200");
  });
});
