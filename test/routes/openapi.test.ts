/** The OpenAPI description: generated from the validating schemas, and covering exactly the routes the app serves. */
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { parsePutBody } from "../../src/records/json-body";
import { putRecordEntry } from "../../src/records/validation";
import { call } from "../helpers/http";

/** Hono's `/v2/:project_id/streams/:stream_name` as OpenAPI's `/v2/{project_id}/streams/{stream_name}`, without a trailing slash. */
function openApiPath(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return trimmed.replace(/:([A-Za-z_]+)/g, "{$1}");
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document, served without credentials", async () => {
    const reply = await call("GET", "/openapi.json", { unsigned: true });
    expect(reply.status).toBe(200);
    expect(reply.json.openapi).toBe("3.1.0");
    expect(reply.json.components.securitySchemes).toHaveProperty("aksk");
  });

  it("describes every route the app serves, and no other", async () => {
    const paths = (await call("GET", "/openapi.json", { unsigned: true })).json.paths as Record<string, Record<string, unknown>>;
    const described = new Set(Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)));
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && !r.path.endsWith("*") && !r.path.startsWith("/admin/"))
        .map((r) => `${r.method} ${openApiPath(r.path)}`),
    );
    expect([...served].filter((r) => !described.has(r))).toEqual([]);
    expect([...described].filter((r) => !served.has(r))).toEqual([]);
    expect(served.size).toBeGreaterThan(40);
  });

  it("takes each operation's parameters and body from the schemas that validate them", async () => {
    const paths = (await call("GET", "/openapi.json", { unsigned: true })).json.paths;
    const create = paths["/v2/{project_id}/streams"].post;
    expect(create.requestBody.content["application/json"].schema.properties.stream_name).toEqual({ type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" });
    expect(create.requestBody.content["application/json"].schema.required).toContain("partition_count");
    const cursor = paths["/v2/{project_id}/cursors"].get.parameters as { name: string; required: boolean; schema: { enum?: string[] } }[];
    expect(cursor.map((p) => p.name)).toEqual(["project_id", "stream-name", "stream-id", "partition-id", "cursor-type", "starting-sequence-number", "timestamp"]);
    expect(cursor.find((p) => p.name === "cursor-type")!.schema.enum).toContain("AT_TIMESTAMP");
    expect(cursor.find((p) => p.name === "partition-id")!.required).toBe(true);
    const put = paths["/v2/{project_id}/records"].post.requestBody.content["application/json"].schema;
    expect(put.properties.records.items.properties.data).toMatchObject({ type: "string", contentEncoding: "base64" });
    const task = paths["/v2/{project_id}/streams/{stream_name}/transfer-tasks"].post.requestBody.content["application/json"].schema;
    expect(task.properties.obs_destination_descriptor.properties.deliver_time_interval).toBeDefined();
    expect(paths["/v2/{project_id}/streams/{stream_name}"].delete.responses["204"]).toBeDefined();
  });
});

describe("the put record schema and the hand-written record check", () => {
  it.each([
    [{ data: "aGVsbG8=" }, true],
    [{ data: "" }, true],
    [{ data: "aGVsbG8=", partition_id: "shardId-0000000001" }, true],
    [{ data: "aGVsbG8=", partition_id: 3 }, true],
    [{ data: "aGVsbG8=", partition_key: "k", explicit_hash_key: "12", partition_id: null }, true],
    [{ data: "not base64!" }, false],
    [{ data: 12 }, false],
    [{}, false],
    [{ data: "aGVsbG8=", partition_id: -1 }, false],
    [{ data: "aGVsbG8=", partition_id: 1.5 }, false],
    [{ data: "aGVsbG8=", partition_key: 5 }, false],
    [{ data: "aGVsbG8=", explicit_hash_key: true }, false],
  ])("%j: valid %s for both", (record, valid) => {
    expect(putRecordEntry.safeParse(record).success).toBe(valid);
    const parsed = (() => {
      try {
        parsePutBody({ stream_name: "s", records: [record] });
        return true;
      } catch {
        return false;
      }
    })();
    expect(parsed).toBe(valid);
  });
});
