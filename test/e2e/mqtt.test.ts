/** Devices over MQTT with the real mqtt.js client, over WebSocket, against the running service. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort, startLocalService } from "../../scripts/local-service";
import { DEV_IDENTITY } from "../../src/identity/provision";
import { signedPassword } from "../../src/mqtt/credentials";
import { DEV, disClient, requestDevToken, send } from "./dis-client";

const client = disClient();
const endpoint = () => inject("disEndpoint");
const wsUrl = (base = endpoint()) => `${base.replace(/^http/, "ws")}/mqtt`;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
const opened: MqttClient[] = [];

afterAll(async () => {
  await Promise.all(opened.map((c) => c.endAsync(true).catch(() => undefined)));
});

async function token(): Promise<string> {
  return (await requestDevToken(endpoint())).headers.get("x-subject-token")!;
}

async function signed(clientId: string, at = Date.now()): Promise<string> {
  return signedPassword(DEV.sk, clientId, Math.floor(at / 1000));
}

async function connect(options: IClientOptions, url = wsUrl()): Promise<MqttClient> {
  const device = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...options });
  opened.push(device);
  return device;
}

/** What connecting gets: the CONNACK's code when refused. */
async function refusal(options: IClientOptions): Promise<number | undefined> {
  try {
    await connect(options);
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

/** The CONNACK a connection gets (and the connection closed again). */
function connackOf(options: IClientOptions): Promise<{ reasonCode?: number; sessionPresent: boolean }> {
  return new Promise((resolve, reject) => {
    const device = mqtt.connect(wsUrl(), { reconnectPeriod: 0, ...options });
    device.once("connect", (packet) => device.end(false, () => resolve(packet)));
    device.once("error", reject);
  });
}

async function createStream(partitions = 1): Promise<string> {
  const name = unique("e2e-mqtt");
  const created = await send(client, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: name, partition_count: partitions } });
  expect(created.httpStatusCode).toBe(201);
  return name;
}

/** Every record of the stream's partition 0, from the start, through the Huawei SDK core. */
async function readBack(stream: string): Promise<{ data: Buffer; key: string | null; sequence: string }[]> {
  const cursor = await send(client, {
    method: "GET",
    url: "/v2/{project_id}/cursors",
    query: { "stream-name": stream, "partition-id": "shardId-0000000000", "cursor-type": "TRIM_HORIZON" },
  });
  const records: { data: Buffer; key: string | null; sequence: string }[] = [];
  let next = cursor.partition_cursor as string;
  for (;;) {
    const page = await send(client, { method: "GET", url: "/v2/{project_id}/records", query: { "partition-cursor": next } });
    if (page.records.length === 0) return records;
    for (const r of page.records) records.push({ data: Buffer.from(r.data, "base64"), key: r.partition_key ?? null, sequence: r.sequence_number });
    next = page.next_partition_cursor;
  }
}

describe("connecting", () => {
  it.each([4, 5] as const)("takes a token (username: the project) and an access key's signature, MQTT %i", async (protocolVersion) => {
    const byToken = await connect({ protocolVersion, clientId: unique("tok"), username: DEV.project, password: await token() });
    expect(byToken.connected).toBe(true);
    const clientId = unique("sig");
    const bySignature = await connect({ protocolVersion, clientId, username: DEV.ak, password: await signed(clientId) });
    expect(bySignature.connected).toBe(true);
    await Promise.all([byToken.endAsync(), bySignature.endAsync()]);
  });

  it.each([
    [5, 0x86, 0x87],
    [4, 4, 5],
  ] as const)("refuses bad credentials and credentials of another project, MQTT %i", async (protocolVersion, bad, notAuthorized) => {
    const clientId = unique("bad");
    expect(await refusal({ protocolVersion, clientId, username: DEV.ak, password: await signed("another-client") })).toBe(bad);
    expect(await refusal({ protocolVersion, clientId, username: DEV.ak, password: await signed(clientId, Date.now() - 20 * 60_000) })).toBe(bad);
    expect(await refusal({ protocolVersion, clientId, username: DEV.project, password: "not-a-token" })).toBe(bad);
    expect(await refusal({ protocolVersion, clientId, username: "devproject2", password: await token() })).toBe(notAuthorized);
  });
});

describe("publishing", () => {
  it.each([4, 5] as const)("puts QoS 0 and QoS 1 publishes, binary and UTF-8, read back byte for byte, MQTT %i", async (protocolVersion) => {
    const stream = await createStream();
    const device = await connect({ protocolVersion, clientId: unique("pub"), username: DEV.project, password: await token() });
    const binary = randomBytes(4096);
    const text = Buffer.from("温度=21.5°C, ok ✓", "utf8");
    await device.publishAsync(`${stream}/sensor-1`, binary, { qos: 1 });
    await device.publishAsync(stream, text, { qos: 1 });
    await device.publishAsync(`${stream}/sensor-2`, Buffer.from([0, 255, 0, 1]), { qos: 0 });
    // A QoS 1 publish after the QoS 0 one: once it is answered, the one before it is durable too.
    await device.publishAsync(`${stream}/sensor-1`, Buffer.alloc(0), { qos: 1 });
    const records = await readBack(stream);
    expect(records.map((r) => [r.data.toString("hex"), r.key])).toEqual([
      [binary.toString("hex"), "sensor-1"],
      [text.toString("hex"), null],
      ["00ff0001", "sensor-2"],
      ["", "sensor-1"],
    ]);
    expect(records[1]!.data.toString("utf8")).toBe("温度=21.5°C, ok ✓");
    await device.endAsync();
  });

  it("answers a refused record with its MQTT 5 reason code, and goes on", async () => {
    const stream = await createStream();
    const device = await connect({ protocolVersion: 5, clientId: unique("ref"), username: DEV.project, password: await token() });
    const refused = await device.publishAsync("no-such-stream", "x", { qos: 1 }).then(
      () => null,
      (error: { code?: number }) => error.code,
    );
    expect(refused).toBe(0x90);
    const tooLarge = await device.publishAsync(stream, Buffer.alloc(1024 * 1024 + 1), { qos: 1 }).then(
      () => null,
      (error: { code?: number }) => error.code,
    );
    expect(tooLarge).toBe(0x83);
    await device.publishAsync(stream, "after", { qos: 1 });
    expect((await readBack(stream)).map((r) => r.data.toString())).toEqual(["after"]);
    await device.endAsync();
  });

  it("closes a 3.1.1 connection on a refused record", async () => {
    const device = await connect({ protocolVersion: 4, clientId: unique("ref4"), username: DEV.project, password: await token() });
    const closed = new Promise((resolve) => device.once("close", () => resolve("closed")));
    void device.publishAsync("no-such-stream", "x", { qos: 1 }).catch(() => undefined);
    expect(await closed).toBe("closed");
    device.end(true);
  });

  it("takes MQTT 5 topic aliases", async () => {
    const stream = await createStream();
    const device = await connect({ protocolVersion: 5, clientId: unique("alias"), username: DEV.project, password: await token(), autoAssignTopicAlias: true });
    for (let i = 0; i < 5; i++) await device.publishAsync(`${stream}/dev-9`, String(i), { qos: 1 });
    expect((await readBack(stream)).map((r) => [r.data.toString(), r.key])).toEqual([0, 1, 2, 3, 4].map((i) => [String(i), "dev-9"]));
    await device.endAsync();
  });
});

describe("sessions and keep-alive", () => {
  it("tells a returning client its session is present, and closes the older of two connections with the same client id", async () => {
    const clientId = unique("sess");
    const options = { protocolVersion: 5, clientId, username: DEV.project, password: await token(), clean: false, properties: { sessionExpiryInterval: 300 } } as const;
    const first = await connect(options);
    const takenOver = new Promise<number | undefined>((resolve) => first.once("disconnect", (packet) => resolve(packet.reasonCode)));
    const second = await connect(options);
    expect(await takenOver).toBe(0x8e);
    await second.endAsync();
    expect(await connackOf(options)).toMatchObject({ reasonCode: 0, sessionPresent: true });
    expect(await connackOf({ ...options, clean: true })).toMatchObject({ reasonCode: 0, sessionPresent: false });
  });

  it("closes a connection that falls silent for one and a half keep-alive intervals (MQTT 5: DISCONNECT 0x8D)", async () => {
    const device = await connect({ protocolVersion: 5, clientId: unique("ka"), username: DEV.project, password: await token(), keepalive: 2 });
    const disconnected = new Promise<number | undefined>((resolve) => device.once("disconnect", (packet) => resolve(packet.reasonCode)));
    const closed = new Promise<void>((resolve) => device.once("close", () => resolve()));
    // The device stops sending anything, pings included.
    (device as unknown as { _destroyKeepaliveManager(): void })._destroyKeepaliveManager();
    const started = Date.now();
    expect(await disconnected).toBe(0x8d);
    await closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("holds 1,000 idle connections at once", { timeout: 180_000 }, async () => {
    const password = await token();
    const devices: MqttClient[] = [];
    for (let batch = 0; batch < 10; batch++) {
      devices.push(...(await Promise.all(Array.from({ length: 100 }, (_, i) => connect({ protocolVersion: 5, clientId: unique(`idle${batch}-${i}`), username: DEV.project, password })))));
    }
    await new Promise((r) => setTimeout(r, 3000));
    expect(devices.filter((d) => d.connected)).toHaveLength(1000);
    const stream = await createStream();
    await Promise.all([devices[0]!, devices[499]!, devices[999]!].map((d, i) => d.publishAsync(stream, String(i), { qos: 1 })));
    expect((await readBack(stream)).map((r) => r.data.toString()).sort()).toEqual(["0", "1", "2"]);
    await Promise.all(devices.map((d) => d.endAsync()));
  });
});

describe("reconnecting", () => {
  it("loses no acknowledged publish across a restart of the service, and mqtt.js resends the unacknowledged ones", { timeout: 300_000 }, async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "dis-mqtt-restart-"));
    const port = await freePort();
    let service = await startLocalService({ stateDir, port });
    try {
      const base = `http://127.0.0.1:${port}`;
      const devToken = (await requestDevToken(base)).headers.get("x-subject-token")!;
      const stream = unique("restart");
      const created = await fetch(`${base}/v2/${DEV_IDENTITY.project}/streams`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-auth-token": devToken },
        body: JSON.stringify({ stream_name: stream, partition_count: 1 }),
      });
      expect(created.status).toBe(201);
      const clientId = unique("rc");
      const device = await mqtt.connectAsync(wsUrl(base), {
        protocolVersion: 5,
        clientId,
        username: DEV_IDENTITY.accessKey,
        password: await signed(clientId),
        reconnectPeriod: 500,
        clean: false,
        properties: { sessionExpiryInterval: 600 },
      });
      // mqtt.js signs again for each reconnection: a password is good for 15 minutes anyway.
      const acknowledged: number[] = [];
      const all: Promise<void>[] = [];
      for (let i = 0; i < 200; i++) {
        all.push(device.publishAsync(stream, String(i), { qos: 1 }).then(() => void acknowledged.push(i)));
        if (i === 100) {
          await service.stop();
          service = await startLocalService({ stateDir, port });
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(all);
      await device.endAsync();
      expect(acknowledged).toHaveLength(200);
      const token2 = (await requestDevToken(base)).headers.get("x-subject-token")!;
      const cursor = (await (await fetch(`${base}/v2/${DEV_IDENTITY.project}/cursors?stream-name=${stream}&partition-id=0&cursor-type=TRIM_HORIZON`, { headers: { "x-auth-token": token2 } })).json()) as { partition_cursor: string };
      const page = (await (await fetch(`${base}/v2/${DEV_IDENTITY.project}/records?partition-cursor=${encodeURIComponent(cursor.partition_cursor)}`, { headers: { "x-auth-token": token2 } })).json()) as { records: { data: string }[] };
      const stored = new Set(page.records.map((r) => Number(Buffer.from(r.data, "base64").toString())));
      // At least once: every publish is there (a resent one may be there twice).
      for (let i = 0; i < 200; i++) expect(stored.has(i)).toBe(true);
    } finally {
      await service.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
