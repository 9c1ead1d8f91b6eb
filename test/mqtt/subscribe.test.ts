/** SUBSCRIBE on the `/mqtt` endpoint inside the Workers runtime: records delivered as PUBLISH, QoS 0 and 1, app checkpoints, refusals, flow. */
import { Buffer } from "node:buffer";
import type { IPublishPacket } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { DEV_READER } from "../../src/identity/provision";
import { call, PROJECT, uniqueName } from "../helpers/http";
import { openDevice, signedConnect, type TestDevice } from "../helpers/mqtt";
import { b64, newStream, put } from "../helpers/records";

async function connected(version: 4 | 5 = 5, keys?: { ak: string; sk: string }): Promise<TestDevice> {
  const device = await openDevice({ version });
  const clientId = uniqueName("sub");
  device.send(await signedConnect(clientId, keys, Date.now(), version));
  expect(await device.next()).toMatchObject({ cmd: "connack" });
  return device;
}

async function subscribe(device: TestDevice, topic: string, qos: 0 | 1 = 1, messageId = 1) {
  device.send({ cmd: "subscribe", messageId, subscriptions: [{ topic, qos }] });
  return device.next(10_000);
}

async function publishes(device: TestDevice, count: number): Promise<IPublishPacket[]> {
  const got: IPublishPacket[] = [];
  while (got.length < count) {
    const packet = await device.next();
    if (packet === null) throw new Error("closed");
    if (packet.cmd === "publish") got.push(packet);
  }
  return got;
}

const ADMIN = { authorization: "Bearer test-admin-secret" };
const text = (p: IPublishPacket) => Buffer.from(p.payload as Buffer).toString("utf8");

describe("MQTT SUBSCRIBE", () => {
  it("delivers a stream's new records from every partition as QoS 1 PUBLISH, with their sequence numbers", async () => {
    const stream = await newStream(2);
    await put(stream, [{ data: b64("before"), partition_id: "0" }]);
    const device = await connected();
    expect(await subscribe(device, `${stream}/#`)).toMatchObject({ cmd: "suback", messageId: 1, granted: [1] });
    await put(stream, [{ data: b64("p0"), partition_id: "0" }]);
    await put(stream, [{ data: b64("p1"), partition_id: "shardId-0000000001", partition_key: "k" }]);
    const got = await publishes(device, 2);
    const byTopic = Object.fromEntries(got.map((p) => [p.topic, p]));
    expect(Object.keys(byTopic).sort()).toEqual([`${stream}/$partition/shardId-0000000000`, `${stream}/$partition/shardId-0000000001`]);
    expect(text(byTopic[`${stream}/$partition/shardId-0000000000`]!)).toBe("p0");
    expect(byTopic[`${stream}/$partition/shardId-0000000000`]).toMatchObject({ qos: 1, properties: { userProperties: { sequence_number: "1", partition_id: "shardId-0000000000" } } });
    expect(byTopic[`${stream}/$partition/shardId-0000000001`]).toMatchObject({ properties: { userProperties: { sequence_number: "0", partition_key: "k" } } });
    for (const p of got) device.send({ cmd: "puback", messageId: p.messageId! });
    device.close();
  });

  it("delivers one partition at QoS 0, and QoS 2 asked for is granted as 1; 3.1.1 gets the payload alone", async () => {
    const stream = await newStream(2);
    const device = await connected(4);
    expect(await subscribe(device, `${stream}/$partition/1`, 0)).toMatchObject({ cmd: "suback", granted: [0] });
    await put(stream, [{ data: b64("zero"), partition_id: "0" }]);
    await put(stream, [{ data: b64("one"), partition_id: "1" }]);
    const [only] = await publishes(device, 1);
    expect(only).toMatchObject({ topic: `${stream}/$partition/shardId-0000000001`, qos: 0 });
    expect(text(only!)).toBe("one");
    device.send({ cmd: "subscribe", messageId: 2, subscriptions: [{ topic: `${stream}/$partition/0`, qos: 2 }] });
    expect(await device.next()).toMatchObject({ cmd: "suback", messageId: 2, granted: [1] });
    device.close();
  });

  it("refuses filters it does not take, streams it cannot find, and an app the caller may not commit for", async () => {
    const stream = await newStream();
    const device = await connected();
    expect(await subscribe(device, "a/+/b")).toMatchObject({ granted: [0x8f] });
    expect(await subscribe(device, `${stream}`, 1, 2)).toMatchObject({ granted: [0x8f] });
    expect(await subscribe(device, "no-such-stream/#", 1, 3)).toMatchObject({ granted: [0x80], properties: { reasonString: expect.stringMatching(/^DIS\.4301/) } });
    expect(await subscribe(device, `${stream}/$partition/9`, 1, 4)).toMatchObject({ granted: [0x80] });
    device.close();
    const app = uniqueName("app");
    expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: app } })).status).toBe(201);
    // devreader, granted dis:records:read, may subscribe, but not commit checkpoints for an app.
    const grant = { project: PROJECT, permission: "dis:records:read" };
    const path = `/admin/v1/users/${DEV_READER.domain}/${DEV_READER.user}/grants`;
    expect((await call("POST", path, { unsigned: true, headers: ADMIN, body: grant })).status).toBe(201);
    try {
      const reader = await connected(5, { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey });
      expect(await subscribe(reader, `${stream}/#`)).toMatchObject({ granted: [1] });
      expect(await subscribe(reader, `$app/${app}/${stream}/#`, 1, 2)).toMatchObject({ granted: [0x87], properties: { reasonString: expect.stringContaining("dis:checkpoints:commit") } });
      reader.close();
    } finally {
      await call("DELETE", `${path}?${new URLSearchParams(grant)}`, { unsigned: true, headers: ADMIN });
    }
    // Without dis:records:read (nor write), no connection.
    const plain = await openDevice();
    plain.send(await signedConnect(uniqueName("sub"), { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey }));
    expect(await plain.next()).toMatchObject({ cmd: "connack", reasonCode: 0x87 });
  });

  it("commits an app's checkpoint on PUBACKs, and starts the next subscription after it", async () => {
    const stream = await newStream();
    const app = uniqueName("app");
    expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: app } })).status).toBe(201);
    const filter = `$app/${app}/${stream}/$partition/0`;
    const device = await connected();
    expect(await subscribe(device, filter)).toMatchObject({ granted: [1] });
    await put(stream, [{ data: b64("a") }, { data: b64("b") }, { data: b64("c") }]);
    const got = await publishes(device, 3);
    expect(got.map((p) => p.topic)).toEqual(Array(3).fill(`$app/${app}/${stream}/$partition/shardId-0000000000`));
    for (const p of got) device.send({ cmd: "puback", messageId: p.messageId! });
    const query = new URLSearchParams({ stream_name: stream, partition_id: "0", app_name: app, checkpoint_type: "LAST_READ" });
    let committed = "";
    for (let i = 0; i < 50 && committed !== "2"; i++) {
      committed = (await call("GET", `/v2/${PROJECT}/checkpoints?${query}`)).json.sequence_number;
      if (committed !== "2") await new Promise((r) => setTimeout(r, 50));
    }
    expect(committed).toBe("2");
    device.close();

    await put(stream, [{ data: b64("while away") }]);
    const again = await connected();
    expect(await subscribe(again, filter)).toMatchObject({ granted: [1] });
    expect((await publishes(again, 1)).map(text)).toEqual(["while away"]);
    again.close();
  });

  it("holds a device that does not answer its PUBLISHes, and goes on in order once it does", async () => {
    const stream = await newStream();
    const device = await connected();
    await subscribe(device, `${stream}/#`);
    for (const t of ["1", "2", "3", "4", "5"]) await put(stream, [{ data: b64(t) }]);
    const first = await publishes(device, 2);
    // Two frames (one record each) are at the device: nothing more until it answers.
    await expect(device.next(300)).rejects.toThrow("no packet in time");
    for (const p of first) device.send({ cmd: "puback", messageId: p.messageId! });
    const rest: IPublishPacket[] = [];
    while (rest.length < 3) {
      const got = await publishes(device, 1);
      rest.push(...got);
      for (const p of got) device.send({ cmd: "puback", messageId: p.messageId! });
    }
    expect([...first, ...rest].map(text)).toEqual(["1", "2", "3", "4", "5"]);
    device.close();
  });
});
