import { describe, expect, it } from "vitest";
import { isAllowed } from "../../src/auth/permissions";
import { DEV_READER } from "../../src/identity/provision";
import { call, errorCodeOf, PROJECT } from "../helpers/http";
import { b64, newStream } from "../helpers/records";

describe("system roles", () => {
  it.each([
    [["DIS FullAccess"], "dis:streams:delete", true],
    [["DIS ReadOnlyAccess"], "dis:streams:get", true],
    [["DIS ReadOnlyAccess"], "dis:streams:list", true],
    [["DIS ReadOnlyAccess"], "dis:records:write", false],
    [["DIS ReadOnlyAccess"], "dis:checkpoints:commit", false],
    [["DIS CommonOperations"], "dis:records:write", true],
    [["DIS CommonOperations"], "dis:streams:create", false],
    [["dis:records:*"], "dis:records:readCursor", true],
    [["dis:records:*"], "dis:streams:get", false],
    [["DIS:STREAMS:GET"], "dis:streams:get", true],
    [[], "dis:streams:get", false],
  ])("%j allows %s: %s", (permissions, action, allowed) => {
    expect(isAllowed(permissions, action)).toBe(allowed);
  });
});

describe("a read-only user", () => {
  const keys = { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey };
  const denied = async (method: string, path: string, body?: unknown) => {
    const reply = await call(method, `/v2/${PROJECT}${path}`, { keys, ...(body === undefined ? {} : { body }) });
    expect(reply.status).toBe(403);
    expect(errorCodeOf(reply)).toBe("DIS.4116");
  };

  it("lists and describes, and may not create, delete, put or commit", async () => {
    const stream = await newStream();
    expect((await call("GET", `/v2/${PROJECT}/streams`, { keys })).status).toBe(200);
    expect((await call("GET", `/v2/${PROJECT}/streams/${stream}`, { keys })).status).toBe(200);
    await denied("POST", "/streams", { stream_name: "ro-made", partition_count: 1 });
    await denied("DELETE", `/streams/${stream}`);
    await denied("POST", "/records", { stream_name: stream, records: [{ data: b64("x") }] });
    await denied("POST", "/checkpoints", { app_name: "a", stream_name: stream, partition_id: "0", sequence_number: "0", checkpoint_type: "LAST_READ" });
    await denied("POST", "/apps", { app_name: "ro-app" });
    await denied("GET", `/records?partition-cursor=x`);
  });
});
