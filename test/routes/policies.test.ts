import { describe, expect, it } from "vitest";
import { DEV_OTHER_ACCOUNT } from "../../src/identity/provision";
import { call, PROJECT, expectError } from "../helpers/http";
import { b64, cursor, get, newStream, put, utf8 } from "../helpers/records";

const other = { ak: DEV_OTHER_ACCOUNT.accessKey, sk: DEV_OTHER_ACCOUNT.secretKey };
const OTHER = DEV_OTHER_ACCOUNT.project;


async function streamWithId(partitions = 1) {
  const name = await newStream(partitions);
  const id = (await call("GET", `/v2/${PROJECT}/streams/${name}`)).json.stream_id as string;
  return { name, id };
}

function addPolicy(stream: string, body: Record<string, unknown>) {
  return call("POST", `/v2/${PROJECT}/streams/${stream}/policies`, { body: { effect: "accept", ...body } });
}

function otherPut(name: string, id: string, data = "from the other account") {
  return call("POST", `/v2/${OTHER}/records`, { keys: other, body: { stream_name: name, stream_id: id, records: [{ data: b64(data) }] } });
}

function otherCursor(id: string) {
  return call("GET", `/v2/${OTHER}/cursors?stream-name=x&stream-id=${id}&partition-id=0&cursor-type=TRIM_HORIZON`, { keys: other });
}

describe("add and list stream policies", () => {
  it("adds rules (201) and lists them with principal ids and names", async () => {
    const { name, id } = await streamWithId();
    expect((await addPolicy(name, { stream_id: id, principal_name: "devdomain2", action_type: "putRecords" })).status).toBe(201);
    expect((await addPolicy(name, { stream_id: id, principal_name: "devdomain2.devuser2, devdomain.devreader", action_type: "getRecords" })).status).toBe(201);
    const reply = await call("GET", `/v2/${PROJECT}/streams/${name}/policies`);
    expect(reply.status).toBe(200);
    expect(reply.json.stream_id).toBe(id);
    expect(reply.json.rules).toEqual(
      expect.arrayContaining([
        { principal: "devdomain2-id.*", principal_name: "devdomain2.*", action_type: "putRecords", effect: "accept" },
        { principal: "devdomain2-id.devdomain2.devuser2", principal_name: "devdomain2.devuser2", action_type: "getRecords", effect: "accept" },
        { principal: "devdomain-id.devdomain.devreader", principal_name: "devdomain.devreader", action_type: "getRecords", effect: "accept" },
      ]),
    );
    expect(reply.json.rules).toHaveLength(3);
  });

  it.each([
    ["another stream's id", { stream_id: "nope", principal_name: "devdomain2.*", action_type: "putRecords" }],
    ["a malformed principal", { principal_name: "a b", action_type: "putRecords" }],
    ["an unknown account", { principal_name: "nosuchdomain.*", action_type: "putRecords" }],
    ["an unknown user", { principal_name: "devdomain2.nobody", action_type: "putRecords" }],
    ["an unknown action", { principal_name: "devdomain2.*", action_type: "deleteRecords" }],
    ["an unknown effect", { principal_name: "devdomain2.*", action_type: "putRecords", effect: "deny" }],
  ])("rejects %s with DIS.4200", async (_label, body) => {
    const { name, id } = await streamWithId();
    expectError(await addPolicy(name, { stream_id: id, ...body }), "DIS.4200");
  });

  it("an unknown stream is DIS.4301", async () => {
    expectError(await addPolicy("nope", { stream_id: "x", principal_name: "devdomain2.*", action_type: "putRecords" }), "DIS.4301");
    expectError(await call("GET", `/v2/${PROJECT}/streams/nope/policies`), "DIS.4301");
  });

  it("deletes all rules, or those of one principal or action", async () => {
    const { name, id } = await streamWithId();
    await addPolicy(name, { stream_id: id, principal_name: "devdomain2.*", action_type: "putRecords" });
    await addPolicy(name, { stream_id: id, principal_name: "devdomain2.*", action_type: "getRecords" });
    await addPolicy(name, { stream_id: id, principal_name: "devdomain.devreader", action_type: "getRecords" });
    const list = async () => (await call("GET", `/v2/${PROJECT}/streams/${name}/policies`)).json.rules.map((r: { principal_name: string; action_type: string }) => `${r.principal_name}/${r.action_type}`).sort();
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${name}/policies?principal_name=devdomain2&action_type=getRecords`)).status).toBe(204);
    expect(await list()).toEqual(["devdomain.devreader/getRecords", "devdomain2.*/putRecords"]);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${name}/policies`)).status).toBe(204);
    expect(await list()).toEqual([]);
  });
});

describe("another account's access through stream policies", () => {
  it("without a rule: DIS.4116 on put, cursor and describe", async () => {
    const { name, id } = await streamWithId();
    expectError(await otherPut(name, id), "DIS.4116", 403);
    expectError(await otherCursor(id), "DIS.4116", 403);
    expectError(await call("GET", `/v2/${OTHER}/streams/${name}?stream_id=${id}`, { keys: other }), "DIS.4116", 403);
  });

  it("with rules: put, cursor, get records and describe by stream_id, and nothing else", async () => {
    const { name, id } = await streamWithId();
    await addPolicy(name, { stream_id: id, principal_name: "devdomain2.*", action_type: "putRecords" });
    const put1 = await otherPut(name, id, "hello from devdomain2");
    expect(put1.status).toBe(200);
    expect(put1.json.records[0].sequence_number).toBe("0");

    // putRecords alone does not let the account read.
    expectError(await otherCursor(id), "DIS.4116", 403);
    await addPolicy(name, { stream_id: id, principal_name: "devdomain2.devuser2", action_type: "getRecords" });
    const c = await otherCursor(id);
    expect(c.status).toBe(200);
    const records = await call("GET", `/v2/${OTHER}/records?partition-cursor=${encodeURIComponent(c.json.partition_cursor)}`, { keys: other });
    expect(records.status).toBe(200);
    expect(records.json.records.map((r: { data: string }) => utf8(r.data))).toEqual(["hello from devdomain2"]);

    const described = await call("GET", `/v2/${OTHER}/streams/${name}?stream_id=${id}`, { keys: other });
    expect(described.status).toBe(200);
    expect(described.json.stream_id).toBe(id);

    // Not a stream of its own project: no describe by name alone, no listing, no deleting.
    expectError(await call("GET", `/v2/${OTHER}/streams/${name}`, { keys: other }), "DIS.4301");
    expect((await call("GET", `/v2/${OTHER}/streams`, { keys: other })).json.stream_names).not.toContain(name);
    expectError(await call("DELETE", `/v2/${OTHER}/streams/${name}`, { keys: other }), "DIS.4301");
    expectError(await call("DELETE", `/v2/${PROJECT}/streams/${name}`, { keys: other }), "DIS.4117");

    // The owner sees the record too.
    expect((await get(await cursor(name))).json.records).toHaveLength(1);
  });

  it("revoking the rule stops reads with a cursor issued before", async () => {
    const { name, id } = await streamWithId();
    await put(name, [{ data: b64("x") }]);
    await addPolicy(name, { stream_id: id, principal_name: "devdomain2.*", action_type: "getRecords" });
    const c = (await otherCursor(id)).json.partition_cursor;
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${name}/policies`)).status).toBe(204);
    expectError(await call("GET", `/v2/${OTHER}/records?partition-cursor=${encodeURIComponent(c)}`, { keys: other }), "DIS.4116", 403);
  });

  it("a rule for one user does not admit another user of the account", async () => {
    const { name, id } = await streamWithId();
    await addPolicy(name, { stream_id: id, principal_name: "devdomain.devreader", action_type: "putRecords" });
    // devuser2 is in devdomain2, not named.
    expectError(await otherPut(name, id), "DIS.4116", 403);
  });
});
