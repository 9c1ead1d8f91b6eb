import { env } from "cloudflare:test";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { call, expectError } from "../helpers/http";
import { newStream, put } from "../helpers/records";
import { cron, newTask } from "../helpers/transfers";

const ADMIN = { authorization: "Bearer test-admin-secret" };
const admin = (path: string) => call("GET", `/admin/v1${path}`, { unsigned: true, headers: ADMIN });

describe("operators' view of delivered objects", () => {
  it("lists what a transfer task delivered, with metadata, and hands over the stored bytes", async () => {
    const stream = await newStream(1);
    const prefix = `adm_${stream.replace(/-/g, "_")}`;
    const taskId = await newTask(stream, "seen", { file_prefix: prefix });
    expect((await put(stream, [{ data: btoa("hello") }, { data: btoa("world") }])).status).toBe(200);
    await cron(Date.UTC(2031, 0, 1));

    const listed = await admin(`/buckets/obsbucket/objects?prefix=${prefix}/`);
    expect(listed.status).toBe(200);
    expect(listed.json.truncated).toBe(false);
    expect(listed.json.objects).toHaveLength(1);
    const [object] = listed.json.objects;
    expect(object).toMatchObject({
      key: `${prefix}/${stream}_${taskId}_shardId-0000000000_00000000000000000000_00000000000000000001.txt.gz`,
      content_type: "text/plain",
      content_encoding: "gzip",
      metadata: { stream_name: stream, task_id: taskId, record_count: "2" },
    });
    expect(object.size).toBe((await env.OBS_BUCKET.head(object.key))!.size);

    const got = await admin(`/buckets/obsbucket/objects/${object.key}`);
    expect(got.status).toBe(200);
    expect(got.headers.get("x-object-content-encoding")).toBe("gzip");
    expect(new TextDecoder().decode(gunzipSync(got.bytes))).toBe("hello\nworld");
  });

  it("pages with a cursor", async () => {
    const prefix = `adm_page_${Date.now()}`;
    for (const name of ["a", "b", "c"]) await env.OBS_BUCKET.put(`${prefix}/${name}`, name);
    const first = await admin(`/buckets/obsbucket/objects?prefix=${prefix}/&limit=2`);
    expect(first.json.objects.map((o: { key: string }) => o.key)).toEqual([`${prefix}/a`, `${prefix}/b`]);
    expect(first.json.truncated).toBe(true);
    const second = await admin(`/buckets/obsbucket/objects?prefix=${prefix}/&limit=2&cursor=${encodeURIComponent(first.json.cursor)}`);
    expect(second.json.objects.map((o: { key: string }) => o.key)).toEqual([`${prefix}/c`]);
  });

  it("reaches the buckets of MRS clusters and DLI databases by their names", async () => {
    const key = `adm_lake_${Date.now()}/part`;
    await env.LAKE_BUCKET.put(key, "lake");
    for (const name of ["mrscluster", "dlidatabasename"]) {
      const listed = await admin(`/buckets/${name}/objects?prefix=${key}`);
      expect(listed.status, listed.text).toBe(200);
      expect(listed.json.objects.map((o: { key: string }) => o.key)).toEqual([key]);
    }
  });

  it("answers DIS.4306 for a bucket not provided, 404 for a missing object, 403 without the secret", async () => {
    expectError(await admin("/buckets/nope/objects"), "DIS.4306");
    expectError(await admin("/buckets/obsbucket/objects/no/such/key"), "DIS.4040", 404);
    expectError(await call("GET", "/admin/v1/buckets/obsbucket/objects", { unsigned: true }), "DIS.4116", 403);
  });
});
