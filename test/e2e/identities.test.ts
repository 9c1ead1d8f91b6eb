/** Each local identity through the real Huawei client, and the admin command against the running service. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { disClient, send } from "./dis-client";

const reader = { ak: "DEVAK000000000000003", sk: "devsk0000000000000000000000000000000003" };
const other = { ak: "DEVAK000000000000002", sk: "devsk0000000000000000000000000000000002", project: "devproject2" };

function failure(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (error: unknown) => error as { httpStatusCode: number; errorCode: string },
  );
}

describe("the local identities", () => {
  const owner = disClient();
  const stream = `e2e-shared-${Date.now().toString(36)}`;

  it("devreader lists but may not create", async () => {
    const client = disClient(reader);
    expect((await send(client, { method: "GET", url: "/v2/{project_id}/streams" })).httpStatusCode).toBe(200);
    const refused = await failure(send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: "nope", partition_count: 1 } }));
    expect(refused).toMatchObject({ httpStatusCode: 403, errorCode: "DIS.4116" });
  });

  it("devuser2 of another account writes and reads devuser's stream through stream policies", async () => {
    expect((await send(owner, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: stream, partition_count: 1 } })).httpStatusCode).toBe(201);
    const id = (await send(owner, { method: "GET", url: `/v2/{project_id}/streams/${stream}` })).stream_id as string;
    const client = disClient(other);
    const put = () => send(client, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, stream_id: id, records: [{ data: Buffer.from("shared").toString("base64") }] } });
    expect(await failure(put())).toMatchObject({ httpStatusCode: 403, errorCode: "DIS.4116" });

    for (const action_type of ["putRecords", "getRecords"]) {
      const added = await send(owner, { method: "POST", url: `/v2/{project_id}/streams/${stream}/policies`, data: { stream_id: id, principal_name: "devdomain2.*", action_type, effect: "accept" } });
      expect(added.httpStatusCode).toBe(201);
    }
    const rules = await send(owner, { method: "GET", url: `/v2/{project_id}/streams/${stream}/policies` });
    expect(rules.rules).toHaveLength(2);

    expect((await put()).failed_record_count).toBe(0);
    const cursor = await send(client, { method: "GET", url: "/v2/{project_id}/cursors", query: { "stream-name": stream, "stream-id": id, "partition-id": "0", "cursor-type": "TRIM_HORIZON" } });
    const got = await send(client, { method: "GET", url: "/v2/{project_id}/records", query: { "partition-cursor": cursor.partition_cursor } });
    expect(got.records.map((r: { data: string }) => Buffer.from(r.data, "base64").toString())).toEqual(["shared"]);

    const wrongProject = disClient({ ...other, project: "devproject" });
    expect(await failure(send(wrongProject, { method: "GET", url: "/v2/{project_id}/streams" }))).toMatchObject({ httpStatusCode: 400, errorCode: "DIS.4117" });
  });

  it("npm run admin creates a user whose new key the Huawei client can use", async () => {
    const endpoint = inject("disEndpoint");
    const root = join(import.meta.dirname, "..", "..");
    // Run without blocking the event loop, so the client's idle keep-alive sockets that the service closes meanwhile are noticed.
    const admin = async (...args: string[]) =>
      JSON.parse((await promisify(execFile)(join(root, "node_modules", ".bin", "tsx"), ["scripts/admin.ts", "--endpoint", endpoint, ...args], { cwd: root, encoding: "utf8" })).stdout);
    const user = `ops${Date.now().toString(36)}`;
    expect(await admin("users", "create", "devdomain", user, "--password", "opspassword1")).toMatchObject({ name: user });
    expect(await admin("grants", "add", "devdomain", user, "devproject", "DIS ReadOnlyAccess")).toMatchObject({ granted: "DIS ReadOnlyAccess" });
    const key = (await admin("keys", "create", "devdomain", user)) as { access_key: string; secret_key: string };
    const listed = JSON.stringify(await admin("keys", "list", "devdomain", user));
    expect(listed).toContain(key.access_key);
    expect(listed).not.toContain(key.secret_key);

    const client = disClient({ ak: key.access_key, sk: key.secret_key });
    expect((await send(client, { method: "GET", url: "/v2/{project_id}/streams" })).httpStatusCode).toBe(200);
    await admin("keys", "revoke", key.access_key);
    expect(await failure(send(client, { method: "GET", url: "/v2/{project_id}/streams" }))).toMatchObject({ httpStatusCode: 441, errorCode: "DIS.4103" });
  });
});
