/** Subscribe inside the Workers runtime: backlog then live records, flow control, resume, checkpoints, refusals, scaling, policies, deletion. */
import { describe, expect, it } from "vitest";
import { DEV_OTHER_ACCOUNT, DEV_READER } from "../../src/identity/provision";
import { call, devToken, expectError, PROJECT, uniqueName } from "../helpers/http";
import { refused, subscribe } from "../helpers/push";
import { b64, newStream, put, utf8 } from "../helpers/records";

const other = { ak: DEV_OTHER_ACCOUNT.accessKey, sk: DEV_OTHER_ACCOUNT.secretKey };

async function putTexts(stream: string, texts: string[], extra: Record<string, unknown> = {}) {
  const reply = await put(stream, texts.map((t) => ({ data: b64(t), ...extra })));
  expect(reply.status, reply.text).toBe(200);
  return reply.json.records as { sequence_number: string }[];
}

async function newApp(): Promise<string> {
  const name = uniqueName("app");
  expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: name } })).status).toBe(201);
  return name;
}

describe("GET /v2/{project_id}/records/subscribe", () => {
  it("takes only a WebSocket upgrade", async () => {
    const stream = await newStream();
    expectError(await call("GET", `/v2/${PROJECT}/records/subscribe?stream-name=${stream}&partition-id=0`), "DIS.4200");
  });

  it("sends the backlog from the start asked for, then each new record once it is durable, in order", async () => {
    const stream = await newStream();
    await putTexts(stream, ["one", "two"]);
    await putTexts(stream, ["three"], { partition_key: "device-7" });
    const subscriber = await subscribe({ "stream-name": stream, "partition-id": "shardId-0000000000", "cursor-type": "TRIM_HORIZON" });
    expect(subscriber.protocol).toBe("dis-records");
    expect(await subscriber.next()).toEqual({ type: "subscribed", partition_id: "shardId-0000000000", sequence_number: "0", window: 4 });
    const backlog = await subscriber.records(3);
    expect(backlog.map((r) => [r.sequence_number, utf8(r.data)])).toEqual([
      ["0", "one"],
      ["1", "two"],
      ["2", "three"],
    ]);
    // The fields of get records' records.
    expect(backlog[2]).toEqual({ partition_key: "device-7", sequence_number: "2", data: b64("three"), timestamp: expect.any(Number), timestamp_type: "CreateTime" });
    expect(Object.keys(backlog[0]).sort()).toEqual(["data", "sequence_number", "timestamp", "timestamp_type"]);
    subscriber.ack(2);

    await putTexts(stream, ["four", "five"]);
    await putTexts(stream, ["six"]);
    const live = await subscriber.records(3);
    expect(live.map((r) => [r.sequence_number, utf8(r.data)])).toEqual([
      ["3", "four"],
      ["4", "five"],
      ["5", "six"],
    ]);
    // Binary data arrives as it was put.
    const bytes = new Uint8Array([0, 255, 1, 254, 10, 13]);
    await put(stream, [{ data: b64(bytes) }]);
    expect((await subscriber.records(1))[0].data).toBe(b64(bytes));
    subscriber.close();
  });

  it("starts at LATEST unless told, and at a sequence number or timestamp as get cursor does", async () => {
    const stream = await newStream();
    await putTexts(stream, ["a", "b", "c"]);
    const latest = await subscribe({ "stream-name": stream, "partition-id": "0" });
    expect((await latest.next())?.sequence_number).toBe("3");
    await putTexts(stream, ["d"]);
    expect((await latest.records(1)).map((r) => utf8(r.data))).toEqual(["d"]);
    latest.close();

    const at = await subscribe({ "stream-name": stream, "partition-id": "0", "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": "1" });
    expect((await at.next())?.sequence_number).toBe("1");
    expect((await at.records(3)).map((r) => utf8(r.data))).toEqual(["b", "c", "d"]);
    at.close();

    const byTime = await subscribe({ "stream-name": stream, "partition-id": "0", "cursor-type": "AT_TIMESTAMP", timestamp: "0" });
    expect((await byTime.next())?.sequence_number).toBe("0");
    byTime.close();
  });

  it("resumes right after the last sequence number seen: nothing lost, nothing repeated", async () => {
    const stream = await newStream();
    await putTexts(stream, ["0", "1", "2", "3"]);
    const first = await subscribe({ "stream-name": stream, "partition-id": "0", "cursor-type": "TRIM_HORIZON" });
    await first.next();
    const seen = await first.records(4);
    first.close();
    await putTexts(stream, ["4", "5"]);
    const again = await subscribe({ "stream-name": stream, "partition-id": "0", "cursor-type": "AFTER_SEQUENCE_NUMBER", "starting-sequence-number": seen[3].sequence_number });
    expect((await again.next())?.sequence_number).toBe("4");
    expect((await again.records(2)).map((r) => utf8(r.data))).toEqual(["4", "5"]);
    again.close();
  });

  it("holds a slow subscriber by its window: no frame beyond it until an ack, then the rest without a gap", async () => {
    const stream = await newStream();
    const subscriber = await subscribe({ "stream-name": stream, "partition-id": "0", window: "1" });
    expect((await subscriber.next())?.window).toBe(1);
    for (const text of ["a", "b", "c", "d"]) await putTexts(stream, [text]);
    const firstFrame = await subscriber.next();
    expect(firstFrame?.records.map((r: { data: string }) => utf8(r.data))).toEqual(["a"]);
    expect(await subscriber.quietFor(300)).toEqual([]);
    subscriber.ack(0);
    // The rest is read back from the log in one frame, as it waited there.
    const rest = await subscriber.next();
    expect(rest?.records.map((r: { data: string }) => utf8(r.data))).toEqual(["b", "c", "d"]);
    // An ack of something never sent is refused, and the subscription goes on.
    subscriber.ack(10);
    expect(await subscriber.next()).toMatchObject({ type: "error", error_code: "DIS.4224" });
    subscriber.send("not json");
    expect(await subscriber.next()).toMatchObject({ type: "error", error_code: "DIS.4200" });
    subscriber.ack(3);
    await putTexts(stream, ["e"]);
    expect((await subscriber.records(1)).map((r) => utf8(r.data))).toEqual(["e"]);
    subscriber.close();
  });

  it("splits a large backlog into frames of at most 1,000 records", async () => {
    const stream = await newStream();
    await put(stream, Array.from({ length: 500 }, (_, i) => ({ data: b64(`r${i}`) })));
    await put(stream, Array.from({ length: 500 }, (_, i) => ({ data: b64(`r${500 + i}`) })));
    await put(stream, Array.from({ length: 300 }, (_, i) => ({ data: b64(`r${1000 + i}`) })));
    const subscriber = await subscribe({ "stream-name": stream, "partition-id": "0", "cursor-type": "TRIM_HORIZON" });
    await subscriber.next();
    const first = await subscriber.next();
    const second = await subscriber.next();
    expect([first?.records.length, second?.records.length]).toEqual([1000, 300]);
    expect([...first!.records, ...second!.records].map((r: { data: string }) => utf8(r.data))).toEqual(Array.from({ length: 1300 }, (_, i) => `r${i}`));
    subscriber.close();
  });

  it("commits an app's checkpoints over the socket, and starts from them", async () => {
    const stream = await newStream();
    const app = await newApp();
    await putTexts(stream, ["a", "b", "c"]);
    const subscriber = await subscribe({ "stream-name": stream, "partition-id": "0", "cursor-type": "TRIM_HORIZON", app_name: app });
    expect(await subscriber.next()).toMatchObject({ type: "subscribed", app_name: app });
    await subscriber.records(3);
    subscriber.send({ action: "commit", sequence_number: "1", metadata: "half way" });
    expect(await subscriber.next()).toEqual({ type: "committed", sequence_number: "1" });
    const checkpoint = await call("GET", `/v2/${PROJECT}/checkpoints?${new URLSearchParams({ stream_name: stream, partition_id: "0", app_name: app, checkpoint_type: "LAST_READ" })}`);
    expect(checkpoint.json).toMatchObject({ sequence_number: "1", metadata: "half way" });
    // Out of the partition's range: refused, and the subscription goes on.
    subscriber.send({ action: "commit", sequence_number: "99" });
    expect(await subscriber.next()).toMatchObject({ type: "error", error_code: "DIS.4224" });
    subscriber.close();

    const resumed = await subscribe({ "stream-name": stream, "partition-id": "0", app_name: app, from_checkpoint: "true" });
    expect((await resumed.next())?.sequence_number).toBe("2");
    expect((await resumed.records(1)).map((r) => utf8(r.data))).toEqual(["c"]);
    resumed.close();

    // An app without a checkpoint starts where the cursor says.
    const fresh = await subscribe({ "stream-name": stream, "partition-id": "0", app_name: await newApp(), from_checkpoint: "true", "cursor-type": "TRIM_HORIZON" });
    expect((await fresh.next())?.sequence_number).toBe("0");
    fresh.close();
  });

  it("refuses a commit without app_name, and app_name for a caller who may not commit", async () => {
    const stream = await newStream();
    const subscriber = await subscribe({ "stream-name": stream, "partition-id": "0" });
    await subscriber.next();
    subscriber.send({ action: "commit", sequence_number: "0" });
    expect(await subscriber.next()).toMatchObject({ type: "error", error_code: "DIS.4200" });
    subscriber.close();
    const reader = { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey };
    const app = await newApp();
    // devreader holds no dis:records:read (read-only access is get and list): no subscription at all.
    expect(await refused({ "stream-name": stream, "partition-id": "0" }, { keys: reader })).toMatchObject({ code: 4403, frame: { error_msg: expect.stringContaining("dis:records:read") } });
    // Granted it, devreader subscribes, but may not commit for an app.
    const grant = { project: PROJECT, permission: "dis:records:read" };
    const path = `/admin/v1/users/${DEV_READER.domain}/${DEV_READER.user}/grants`;
    const admin = { authorization: "Bearer test-admin-secret" };
    expect((await call("POST", path, { unsigned: true, headers: admin, body: grant })).status).toBe(201);
    try {
      const plain = await subscribe({ "stream-name": stream, "partition-id": "0" }, { keys: reader });
      expect((await plain.next())?.type).toBe("subscribed");
      plain.close();
      const refusal = await refused({ "stream-name": stream, "partition-id": "0", app_name: app }, { keys: reader });
      expect(refusal).toMatchObject({ code: 4403, frame: { type: "error", error_code: "DIS.4116", error_msg: expect.stringContaining("dis:checkpoints:commit") } });
    } finally {
      await call("DELETE", `${path}?${new URLSearchParams(grant)}`, { unsigned: true, headers: admin });
    }
    expect((await refused({ "stream-name": stream, "partition-id": "0", app_name: "no-such-app" })).frame).toMatchObject({ error_code: "DIS.4332" });
  });

  it("ends refused subscriptions with the DIS error: a frame, then 4000 + its status and the code as the reason", async () => {
    const stream = await newStream();
    await putTexts(stream, ["a"]);
    const badSequence = await refused({ "stream-name": stream, "partition-id": "0", "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": "5" });
    expect(badSequence.code).toBe(4400);
    expect(badSequence.reason).toMatch(/^DIS\.4224 /);
    expect(badSequence.frame).toMatchObject({ type: "error", error_code: "DIS.4224", error_msg: expect.stringContaining("[0 : 1]") });
    expect((await refused({ "stream-name": "no-such-stream", "partition-id": "0" })).frame).toMatchObject({ error_code: "DIS.4301" });
    expect((await refused({ "stream-name": stream, "partition-id": "7" })).frame).toMatchObject({ error_code: "DIS.4302" });
    expect((await refused({ "stream-name": stream, "partition-id": "0", "cursor-type": "SOMEWHERE" })).frame).toMatchObject({ error_code: "DIS.4215" });
    expect((await refused({ "stream-name": stream, "partition-id": "0", window: "17" })).frame).toMatchObject({ error_code: "DIS.4200" });
    const unsigned = await refused({ "stream-name": stream, "partition-id": "0" }, { unsigned: true });
    expect(unsigned).toMatchObject({ code: 4441, frame: { error_code: "DIS.4100" } });
    const badKey = await refused({ "stream-name": stream, "partition-id": "0" }, { keys: { ak: DEV_READER.accessKey, sk: "wrong" } });
    expect(badKey.frame?.error_code).toMatch(/^DIS\.41/);
  });

  it("ends a subscription from a locked-out address with the lockout's error", async () => {
    const stream = await newStream();
    const address = "192.0.2.77";
    const wrong = { keys: { ak: DEV_READER.accessKey, sk: "wrong" }, headers: { "cf-connecting-ip": address } };
    // The twentieth failure locks the address (LOCKOUT_FAILURES): here a failed subscription, counted like HTTP's.
    for (let i = 0; i < 19; i++) expect((await call("GET", `/v2/${PROJECT}/streams`, wrong)).status).toBe(441);
    expect((await refused({ "stream-name": stream, "partition-id": "0" }, wrong)).frame?.error_code).toBe("DIS.4104");
    const locked = await refused({ "stream-name": stream, "partition-id": "0" }, { headers: { "cf-connecting-ip": address } });
    expect(locked.frame).toMatchObject({ type: "error", error_code: "DIS.4309" });
    expect(locked.code).toBe(4400);
  }, 30_000);

  it("takes a token as a subprotocol, for browsers, and answers only dis-records", async () => {
    const stream = await newStream();
    const token = await devToken();
    const subscriber = await subscribe(
      { "stream-name": stream, "partition-id": "0" },
      { unsigned: true, headers: { "sec-websocket-protocol": `dis-records, dis-token.${token}` } },
    );
    expect(subscriber.protocol).toBe("dis-records");
    expect((await subscriber.next())?.type).toBe("subscribed");
    await putTexts(stream, ["via token"]);
    expect((await subscriber.records(1)).map((r) => utf8(r.data))).toEqual(["via token"]);
    subscriber.close();
    const bad = await refused({ "stream-name": stream, "partition-id": "0" }, { unsigned: true, headers: { "sec-websocket-protocol": "dis-records, dis-token.nope" } });
    expect(bad.frame?.error_code).toMatch(/^DIS\.41/);
  });

  it("sends a partition closed by a scale-in its remaining records, then an end naming the children", async () => {
    const stream = await newStream(2);
    // Partition 1's records, by explicit partition id.
    await putTexts(stream, ["x", "y"], { partition_id: "shardId-0000000001" });
    const subscriber = await subscribe({ "stream-name": stream, "partition-id": "1", "cursor-type": "TRIM_HORIZON", window: "1" });
    await subscriber.next();
    await subscriber.next(); // x, y: the window is full
    const scaled = await call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, target_partition_count: 1 } });
    expect(scaled.status, scaled.text).toBe(200);
    expect(await subscriber.quietFor(200)).toEqual([]);
    subscriber.ack(1);
    expect(await subscriber.next()).toEqual({ type: "end", partition_id: "shardId-0000000001", child_partitions: ["shardId-0000000000"] });
    expect(await subscriber.closed).toEqual({ code: 1000, reason: "partition closed; children: shardId-0000000000" });
    // A subscription to it afterwards gets what is left, then the end.
    const late = await subscribe({ "stream-name": stream, "partition-id": "1", "cursor-type": "TRIM_HORIZON" });
    await late.next();
    expect((await late.records(2)).map((r) => utf8(r.data))).toEqual(["x", "y"]);
    expect((await late.next())?.type).toBe("end");
  });

  it("lets another account subscribe through a stream policy, and ends it once the policy goes", async () => {
    const stream = await newStream();
    const id = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id as string;
    const query = { "stream-id": id, "partition-id": "0" };
    const OTHER = DEV_OTHER_ACCOUNT.project;
    expect((await refused(query, { keys: other, project: OTHER })).frame).toMatchObject({ error_code: "DIS.4116" });
    const added = await call("POST", `/v2/${PROJECT}/streams/${stream}/policies`, {
      body: { stream_id: id, principal_name: "devdomain2.*", action_type: "getRecords", effect: "accept" },
    });
    expect(added.status).toBe(201);
    const subscriber = await subscribe(query, { keys: other, project: OTHER });
    await subscriber.next();
    await putTexts(stream, ["shared"]);
    expect((await subscriber.records(1)).map((r) => utf8(r.data))).toEqual(["shared"]);
    subscriber.ack(0);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${stream}/policies`)).status).toBe(204);
    // Checked again before the next frame once its last check is PUSH_GRANT_RECHECK_SECONDS (1 s here) old.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await putTexts(stream, ["not for them"]);
    expect(await subscriber.next()).toMatchObject({ type: "error", error_code: "DIS.4116" });
    expect((await subscriber.closed).code).toBe(4403);
  });

  it("ends subscriptions when their stream is deleted", async () => {
    const stream = await newStream();
    const subscriber = await subscribe({ "stream-name": stream, "partition-id": "0" });
    await subscriber.next();
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${stream}`)).status).toBe(204);
    const frame = await subscriber.next(10_000);
    expect(frame).toMatchObject({ type: "error", error_code: "DIS.4301" });
    expect((await subscriber.closed).code).toBe(4400);
  });
});
