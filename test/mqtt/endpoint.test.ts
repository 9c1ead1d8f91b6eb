/** The `/mqtt` endpoint inside the Workers runtime: upgrades, CONNECT refusals, lockout, grants, keep-alive, metrics. */
import { Buffer } from "node:buffer";
import { generate, type IConnectPacket } from "mqtt-packet";
import { describe, expect, it } from "vitest";
import { DEV_IDENTITY, DEV_READER } from "../../src/identity/provision";
import { call, devToken, errorCodeOf, expectError, PROJECT, uniqueName } from "../helpers/http";
import { openDevice, signedConnect, type TestDevice } from "../helpers/mqtt";
import { cursor, get, newStream } from "../helpers/records";

const ADMIN = { authorization: "Bearer test-admin-secret" };

async function connected(clientId = uniqueName("c"), address?: string): Promise<TestDevice> {
  const device = await openDevice(address === undefined ? {} : { address });
  device.send(await signedConnect(clientId));
  const connack = await device.next();
  expect(connack).toMatchObject({ cmd: "connack", reasonCode: 0 });
  return device;
}

async function publish(device: TestDevice, topic: string, payload: string, messageId: number) {
  device.send({ cmd: "publish", topic, payload: Buffer.from(payload), qos: 1, dup: false, retain: false, messageId });
  return device.next();
}

describe("GET /mqtt", () => {
  it("takes only a WebSocket upgrade with subprotocol mqtt", async () => {
    expectError(await call("GET", "/mqtt", { unsigned: true }), "DIS.4200");
    const post = await call("POST", "/mqtt", { unsigned: true });
    expectError(post, "DIS.4050", 405);
    expect(post.headers.get("allow")).toBe("GET");
    expectError(await call("GET", "/mqtt", { unsigned: true, headers: { upgrade: "websocket", "sec-websocket-protocol": "chat" } }), "DIS.4200");
  });
});

describe("CONNECT", () => {
  it("answers a good signature with CONNACK 0 and the endpoint's limits", async () => {
    const device = await openDevice();
    device.send(await signedConnect(uniqueName("c")));
    const connack = await device.next();
    expect(connack).toMatchObject({
      cmd: "connack",
      reasonCode: 0,
      sessionPresent: false,
      properties: { maximumQoS: 1, retainAvailable: false, maximumPacketSize: 1024 * 1024 + 4096, topicAliasMaximum: 32, receiveMaximum: 256 },
    });
    device.close();
  });

  it.each([
    ["a wrong secret key", 0x86, 4, async (id: string) => signedConnect(id, { ak: DEV_IDENTITY.accessKey, sk: "wrong" })],
    ["an unknown access key", 0x86, 4, async (id: string) => signedConnect(id, { ak: "NOSUCHAK", sk: DEV_IDENTITY.secretKey })],
    ["a time 16 minutes off", 0x86, 4, async (id: string) => signedConnect(id, undefined, Date.now() - 16 * 60_000)],
    ["a read-only user (neither dis:records:write nor dis:records:read)", 0x87, 5, async (id: string) => signedConnect(id, { ak: DEV_READER.accessKey!, sk: DEV_READER.secretKey! })],
    [
      "a token for another project than the username",
      0x87,
      5,
      async (id: string): Promise<IConnectPacket> => ({ cmd: "connect", protocolVersion: 5, clientId: id, clean: true, keepalive: 60, username: "devproject2", password: Buffer.from(await devToken()) }),
    ],
    ["no password", 0x86, 4, async (id: string): Promise<IConnectPacket> => ({ cmd: "connect", protocolVersion: 5, clientId: id, clean: true, keepalive: 60, username: "devproject" })],
  ])("refuses %s: MQTT 5 reason code %i, 3.1.1 return code %i, and closes", async (_, v5, v4, build) => {
    for (const version of [5, 4] as const) {
      const device = await openDevice({ version });
      device.send({ ...(await build(uniqueName("c"))), protocolVersion: version });
      const connack = await device.next();
      expect(connack).toMatchObject(version === 5 ? { cmd: "connack", reasonCode: v5 } : { cmd: "connack", returnCode: v4 });
      expect(await device.next()).toBeNull();
    }
  });

  it("counts bad credentials toward the address lockout, with HTTP's failures; a locked address is refused as banned", async () => {
    const address = "192.0.2.99";
    for (let i = 0; i < 10; i++) expect((await call("GET", `/v2/${PROJECT}/streams`, { keys: { ak: DEV_IDENTITY.accessKey, sk: "wrong" }, headers: { "cf-connecting-ip": address } })).status).toBe(441);
    for (let i = 0; i < 10; i++) {
      const device = await openDevice({ address });
      device.send(await signedConnect(uniqueName("c"), { ak: DEV_IDENTITY.accessKey, sk: "wrong" }));
      expect(await device.next()).toMatchObject({ cmd: "connack", reasonCode: 0x86 });
    }
    const device = await openDevice({ address });
    device.send(await signedConnect(uniqueName("c")));
    expect(await device.next()).toMatchObject({ cmd: "connack", reasonCode: 0x8a });
    expect(errorCodeOf(await call("GET", `/v2/${PROJECT}/streams`, { headers: { "cf-connecting-ip": address } }))).toBe("DIS.4309");
    expect((await call("DELETE", `/admin/v1/lockouts/${address}`, { unsigned: true, headers: ADMIN })).status).toBe(200);
    await connected(uniqueName("c"), address);
  });

  it("refuses MQTT 3.1 (protocol level 3) with return code 1", async () => {
    const device = await openDevice({ version: 4 });
    device.send({ ...(await signedConnect(uniqueName("c"))), protocolId: "MQIsdp", protocolVersion: 3 });
    expect(await device.next()).toMatchObject({ cmd: "connack", returnCode: 1 });
  });
});

describe("publishes", () => {
  it("put records that get records returns; a refused one gets its reason code and DIS error", async () => {
    const stream = await newStream(1);
    const device = await connected();
    expect(await publish(device, `${stream}/dev-1`, "a", 1)).toMatchObject({ cmd: "puback", messageId: 1, reasonCode: 0 });
    expect(await publish(device, "nosuchstream", "b", 2)).toMatchObject({
      cmd: "puback",
      messageId: 2,
      reasonCode: 0x90,
      properties: { userProperties: { error_code: "DIS.4301" } },
    });
    const read = await get(await cursor(stream, "0"));
    expect(read.json.records.map((r: { data: string; partition_key: string }) => [atob(r.data), r.partition_key])).toEqual([["a", "dev-1"]]);
    device.close();
  });

  it("checks the stream grant once per connection and again after MQTT_GRANT_RECHECK_SECONDS", async () => {
    const stream = await newStream(1);
    const grant = { project: PROJECT, permission: "dis:records:write" };
    const path = `/admin/v1/users/${DEV_READER.domain}/${DEV_READER.user}/grants`;
    expect((await call("POST", path, { unsigned: true, headers: ADMIN, body: grant })).status).toBe(201);
    const device = await openDevice();
    device.send(await signedConnect(uniqueName("c"), { ak: DEV_READER.accessKey!, sk: DEV_READER.secretKey! }));
    expect(await device.next()).toMatchObject({ cmd: "connack", reasonCode: 0 });
    expect(await publish(device, stream, "1", 1)).toMatchObject({ reasonCode: 0 });
    expect((await call("DELETE", `${path}?${new URLSearchParams(grant)}`, { unsigned: true, headers: ADMIN })).status).toBe(204);
    // Within the recheck interval the connection's own check stands: no lookup per message.
    expect(await publish(device, stream, "still", 3)).toMatchObject({ cmd: "puback", messageId: 3, reasonCode: 0 });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await publish(device, stream, "2", 2)).toMatchObject({ reasonCode: 0x87, properties: { userProperties: { error_code: "DIS.4116" } } });
    device.close();
  });

  it("count in the stream's metrics as put requests, one per publish", async () => {
    const stream = await newStream(1);
    const device = await connected();
    for (let i = 1; i <= 3; i++) expect(await publish(device, stream, "12345", i)).toMatchObject({ reasonCode: 0 });
    device.close();
    const now = Math.floor(Date.now() / 1000);
    const query = new URLSearchParams({ label_list: "total_put_records_per_stream,total_put_req_suc_per_stream,total_put_bytes_per_stream", start_time: String(now - 120), end_time: String(now + 120) });
    const reply = await call("GET", `/v2/${PROJECT}/streams/${stream}/metrics?${query}`);
    expect(reply.status).toBe(200);
    const sum = (label: string) =>
      reply.json.metrics_list.find((m: { label: string }) => m.label === label).dataPoints.reduce((s: number, p: { value: number }) => s + p.value, 0);
    expect(sum("total_put_records_per_stream")).toBe(3);
    expect(sum("total_put_req_suc_per_stream")).toBe(3);
    expect(sum("total_put_bytes_per_stream")).toBe(15);
  });

  it("closes a 3.1.1 connection on a refused record, after answering the publishes before it", async () => {
    const stream = await newStream(1);
    const device = await openDevice({ version: 4 });
    device.send(await signedConnect(uniqueName("c"), undefined, Date.now(), 4));
    expect(await device.next()).toMatchObject({ cmd: "connack", returnCode: 0 });
    device.send({ cmd: "publish", topic: stream, payload: Buffer.from("ok"), qos: 1, dup: false, retain: false, messageId: 1 });
    device.send({ cmd: "publish", topic: "nosuchstream", payload: Buffer.from("no"), qos: 1, dup: false, retain: false, messageId: 2 });
    expect(await device.next()).toMatchObject({ cmd: "puback", messageId: 1 });
    expect(await device.next()).toBeNull();
  });

  it("disconnects MQTT 5 publishes at QoS 2, with a wildcard topic, or with an unknown topic alias", async () => {
    const stream = await newStream(1);
    for (const [packet, reason] of [
      [{ topic: stream, qos: 2 }, 0x9b],
      [{ topic: `${stream}/#`, qos: 1 }, 0x90],
      [{ topic: "", qos: 1, properties: { topicAlias: 3 } }, 0x94],
    ] as const) {
      const device = await connected();
      device.send({ cmd: "publish", payload: Buffer.from("x"), dup: false, retain: false, messageId: 1, ...packet });
      expect(await device.next()).toMatchObject({ cmd: "disconnect", reasonCode: reason });
      expect(await device.next()).toBeNull();
    }
  });
});

describe("wills", () => {
  async function records(stream: string): Promise<string[]> {
    return (await get(await cursor(stream, "0"))).json.records.map((r: { data: string; partition_key: string }) => `${r.partition_key}:${atob(r.data)}`);
  }

  async function eventually(stream: string, expected: string[]): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if ((await records(stream)).length >= expected.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await records(stream)).toEqual(expected);
  }

  it("puts the will when a connection ends without DISCONNECT, or with MQTT 5's 0x04, and not after a normal one", async () => {
    const stream = await newStream(1);
    const will = (clientId: string) => ({ topic: `${stream}/${clientId}`, payload: Buffer.from("offline"), qos: 1 as const, retain: false });
    const dropped = await openDevice();
    dropped.send({ ...(await signedConnect("dev-a")), will: will("dev-a") });
    expect(await dropped.next()).toMatchObject({ cmd: "connack", reasonCode: 0 });
    dropped.close();
    await eventually(stream, ["dev-a:offline"]);

    const polite = await openDevice();
    polite.send({ ...(await signedConnect("dev-b")), will: will("dev-b") });
    expect(await polite.next()).toMatchObject({ cmd: "connack", reasonCode: 0 });
    polite.send({ cmd: "disconnect", reasonCode: 0 });
    expect(await polite.next()).toBeNull();

    const asking = await openDevice();
    asking.send({ ...(await signedConnect("dev-c")), will: will("dev-c") });
    expect(await asking.next()).toMatchObject({ cmd: "connack", reasonCode: 0 });
    asking.send({ cmd: "disconnect", reasonCode: 0x04 });
    expect(await asking.next()).toBeNull();
    await eventually(stream, ["dev-a:offline", "dev-c:offline"]);
  });
});

describe("frames", () => {
  it("closes a connection that sends a text frame, MQTT 5 with DISCONNECT 0x81", async () => {
    const device = await connected();
    device.sendText("hello");
    expect(await device.next()).toMatchObject({ cmd: "disconnect", reasonCode: 0x81 });
    expect(await device.next()).toBeNull();
  });

  it("reads packets split across frames and several packets in one frame", async () => {
    const stream = await newStream(1);
    const device = await connected();
    const one = { cmd: "publish", topic: stream, payload: Buffer.from("one"), qos: 1, dup: false, retain: false, messageId: 1 } as const;
    const two = { ...one, payload: Buffer.from("two"), messageId: 2 };
    const three = { ...one, payload: Buffer.from("three"), messageId: 3 };
    const bytes = Buffer.concat([generate(one, { protocolVersion: 5 }), generate(two, { protocolVersion: 5 }), generate(three, { protocolVersion: 5 })]);
    device.sendBytes(bytes.subarray(0, 5));
    device.sendBytes(bytes.subarray(5, bytes.length - 4));
    device.sendBytes(bytes.subarray(bytes.length - 4));
    for (const id of [1, 2, 3]) expect(await device.next()).toMatchObject({ cmd: "puback", messageId: id, reasonCode: 0 });
    const read = await get(await cursor(stream, "0"));
    expect(read.json.records.map((r: { data: string }) => atob(r.data))).toEqual(["one", "two", "three"]);
  });
});

describe("keep-alive", () => {
  it("answers PINGREQ, and closes a connection silent for one and a half keep-alive intervals", async () => {
    const device = await openDevice();
    device.send({ ...(await signedConnect(uniqueName("c"))), keepalive: 1 });
    expect(await device.next()).toMatchObject({ cmd: "connack", reasonCode: 0 });
    device.send({ cmd: "pingreq" });
    expect(await device.next()).toMatchObject({ cmd: "pingresp" });
    expect(await device.next(4000)).toMatchObject({ cmd: "disconnect", reasonCode: 0x8d });
    expect(await device.next()).toBeNull();
  });
});
