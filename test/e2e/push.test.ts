/**
 * Live push with a real WebSocket client (`ws`) against the running service: upgrades signed by
 * Huawei's signer core (or a token as a subprotocol), backlog then live records, resume after a
 * reconnect, another account through a stream policy, refusals, and a slow consumer.
 */
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core";
import WebSocket from "ws";
import mqtt, { type MqttClient } from "mqtt";
import { signedPassword } from "../../src/mqtt/credentials";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DEV, disClient, requestDevToken, send } from "./dis-client";

const OTHER = { ak: "DEVAK000000000000002", sk: "devsk0000000000000000000000000000000002", project: "devproject2" };
const owner = disClient();
const endpoint = () => inject("disEndpoint");
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;
const b64 = (text: string) => Buffer.from(text).toString("base64");
const text = (data: string) => Buffer.from(data, "base64").toString("utf8");
const opened: WebSocket[] = [];

const devices: MqttClient[] = [];

afterAll(async () => {
  for (const socket of opened) socket.terminate();
  await Promise.all(devices.map((d) => d.endAsync(true).catch(() => undefined)));
});

/** A real mqtt.js client over WebSocket, signed with the dev access key. */
async function device(version: 4 | 5 = 5): Promise<MqttClient> {
  const clientId = unique("e2e-sub");
  const client = await mqtt.connectAsync(`${endpoint().replace(/^http/, "ws")}/mqtt`, {
    protocolVersion: version,
    clientId,
    username: DEV.ak,
    password: await signedPassword(DEV.sk, clientId, Math.floor(Date.now() / 1000)),
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  devices.push(client);
  return client;
}

/** Messages a client receives, in order. */
function inbox(client: MqttClient) {
  const got: { topic: string; payload: string; sequence?: string }[] = [];
  client.on("message", (topic, payload, packet) => {
    const properties = (packet as { properties?: { userProperties?: Record<string, string> } }).properties;
    got.push({ topic, payload: payload.toString(), sequence: properties?.userProperties?.sequence_number });
  });
  return {
    got,
    async count(n: number) {
      const deadline = Date.now() + 10_000;
      while (got.length < n) {
        if (Date.now() > deadline) throw new Error(`${got.length} of ${n} messages`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return got;
    },
  };
}

interface Frame {
  type: string;
  [field: string]: any;
}

/** A subscriber: every frame it got, in order, and how its socket closed. */
class Subscriber {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Waits until `ready` holds of the frames received. */
  async until(ready: (frames: Frame[]) => boolean, timeoutMs = 10_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!ready(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out with frames ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.frames;
  }

  records(): { sequence_number: string; data: string }[] {
    return this.frames.filter((f) => f.type === "records").flatMap((f) => f.records);
  }

  async recordCount(count: number) {
    await this.until(() => this.records().length >= count);
    return this.records();
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }
}

interface Keys {
  ak: string;
  sk: string;
  project: string;
}

/** A subscription whose upgrade the Huawei signer core signs, as it signs any GET. */
async function subscribe(query: Record<string, string>, keys: Keys = DEV): Promise<Subscriber> {
  const path = `/v2/${keys.project}/records/subscribe`;
  const url = new URL(path, endpoint());
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const credentials = new BasicCredentials().withAk(keys.ak).withSk(keys.sk).withProjectId(keys.project);
  const headers = AKSKSigner.sign({ endpoint: url.toString(), method: "GET", headers: { "content-type": "application/json" }, queryParams: query } as never, credentials) as Record<string, string>;
  return open(url, ["dis-records"], headers);
}

async function open(url: URL, protocols: string[], headers: Record<string, string> = {}): Promise<Subscriber> {
  const socket = new WebSocket(url.toString().replace(/^http/, "ws"), protocols, { headers });
  opened.push(socket);
  const subscriber = new Subscriber(socket);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  expect(socket.protocol).toBe("dis-records");
  return subscriber;
}

async function newStream(partitions = 1): Promise<{ name: string; id: string }> {
  const name = unique("e2e-push");
  expect((await send(owner, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: name, partition_count: partitions } })).httpStatusCode).toBe(201);
  const id = (await send(owner, { method: "GET", url: `/v2/{project_id}/streams/${name}` })).stream_id as string;
  return { name, id };
}

/** Once subscribed, the subscriber gets a record put now; then it is closed. */
async function receivesLive(subscriber: Subscriber, stream: string, data: string): Promise<void> {
  await subscriber.until((f) => f[0]?.type === "subscribed");
  await putTexts(stream, [data]);
  expect((await subscriber.recordCount(1)).map((r) => text(r.data))).toEqual([data]);
  subscriber.socket.close();
}

async function putTexts(stream: string, texts: string[]) {
  const reply = await send(owner, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, records: texts.map((t) => ({ data: b64(t) })) } });
  expect(reply.failed_record_count).toBe(0);
}

describe("live push against the local service", () => {
  it("sends the backlog, then live records in order, to a subscription signed by the signer core", async () => {
    const { name } = await newStream();
    await putTexts(name, ["b0", "b1", "b2"]);
    const subscriber = await subscribe({ "stream-name": name, "partition-id": "shardId-0000000000", "cursor-type": "TRIM_HORIZON", window: "16" });
    await subscriber.recordCount(3);
    expect(subscriber.frames[0]).toEqual({ type: "subscribed", partition_id: "shardId-0000000000", sequence_number: "0", window: 16 });
    for (let i = 0; i < 5; i++) await putTexts(name, [`l${i}`]);
    const records = await subscriber.recordCount(8);
    expect(records.map((r) => text(r.data))).toEqual(["b0", "b1", "b2", "l0", "l1", "l2", "l3", "l4"]);
    expect(records.map((r) => r.sequence_number)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    subscriber.socket.close();
  });

  it("resumes after a reconnect right after the last record seen: nothing lost, nothing repeated", async () => {
    const { name } = await newStream();
    const first = await subscribe({ "stream-name": name, "partition-id": "0", "cursor-type": "TRIM_HORIZON", window: "16" });
    // Records keep coming while the subscriber drops and comes back.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) await putTexts(name, [`r${written++}`]);
    })();
    await first.recordCount(5);
    first.socket.close();
    await first.closed;
    const seen = first.records();
    const last = seen[seen.length - 1]!.sequence_number;
    const second = await subscribe({ "stream-name": name, "partition-id": "0", "cursor-type": "AFTER_SEQUENCE_NUMBER", "starting-sequence-number": last, window: "16" });
    await second.recordCount(5);
    writing = false;
    await writer;
    const all = [...seen, ...(await second.recordCount(written - seen.length))];
    expect(all.map((r) => Number(r.sequence_number))).toEqual(Array.from({ length: written }, (_, i) => i));
    expect(all.map((r) => text(r.data))).toEqual(Array.from({ length: written }, (_, i) => `r${i}`));
    second.socket.close();
  });

  it("lets another account subscribe through a stream policy, and refuses it without one", async () => {
    const { name, id } = await newStream();
    const query = { "stream-id": id, "partition-id": "0" };
    const refused = await subscribe(query, OTHER);
    expect(await refused.closed).toEqual({ code: 4403, reason: expect.stringMatching(/^DIS\.4116 /) });
    expect(refused.frames).toEqual([expect.objectContaining({ type: "error", error_code: "DIS.4116" })]);
    await send(owner, { method: "POST", url: `/v2/{project_id}/streams/${name}/policies`, data: { stream_id: id, principal_name: "devdomain2.*", action_type: "getRecords", effect: "accept" } });
    await receivesLive(await subscribe(query, OTHER), name, "for the other account");
  });

  it("refuses a bad cursor, a missing permission and a forged signature with close codes", async () => {
    const { name } = await newStream();
    const bad = await subscribe({ "stream-name": name, "partition-id": "0", "cursor-type": "AT_SEQUENCE_NUMBER", "starting-sequence-number": "42" });
    expect(await bad.closed).toEqual({ code: 4400, reason: expect.stringMatching(/^DIS\.4224 /) });
    expect(bad.frames).toEqual([expect.objectContaining({ type: "error", error_code: "DIS.4224", error_msg: expect.stringContaining("[0 : 0]") })]);
    const reader = { ak: "DEVAK000000000000003", sk: "devsk0000000000000000000000000000000003", project: DEV.project };
    const app = unique("app");
    expect((await send(owner, { method: "POST", url: "/v2/{project_id}/apps", data: { app_name: app } })).httpStatusCode).toBe(201);
    // devreader's read-only access (get and list) holds no dis:records:read.
    const noRead = await subscribe({ "stream-name": name, "partition-id": "0", app_name: app }, reader);
    expect(await noRead.closed).toEqual({ code: 4403, reason: expect.stringMatching(/^DIS\.4116 .*dis:records:read/) });
    const forged = await subscribe({ "stream-name": name, "partition-id": "0" }, { ...DEV, sk: "not-the-secret-key" });
    expect(await forged.closed).toEqual({ code: 4441, reason: expect.stringMatching(/^DIS\.4104 /) });
    expect(forged.frames).toEqual([expect.objectContaining({ type: "error", error_code: "DIS.4104" })]);
  });

  it("takes a token offered as a subprotocol, as a browser sends it", async () => {
    const { name } = await newStream();
    const token = (await requestDevToken(endpoint())).headers.get("x-subject-token")!;
    const url = new URL(`/v2/${DEV.project}/records/subscribe?stream-name=${name}&partition-id=0`, endpoint());
    await receivesLive(await open(url, ["dis-records", `dis-token.${token}`]), name, "browser");
  });

  it("holds a slow consumer at its window and catches it up in order once it acks", async () => {
    const { name } = await newStream();
    const subscriber = await subscribe({ "stream-name": name, "partition-id": "0", window: "2" });
    await subscriber.until((f) => f[0]?.type === "subscribed");
    for (let i = 0; i < 20; i++) await putTexts(name, [`s${i}`]);
    await subscriber.until((f) => f.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Two frames only, whatever was put meanwhile.
    expect(subscriber.frames.filter((f) => f.type === "records")).toHaveLength(2);
    let acked = -1;
    while (subscriber.records().length < 20) {
      const last = Number(subscriber.records().at(-1)!.sequence_number);
      if (last > acked) {
        subscriber.send({ action: "ack", sequence_number: String(last) });
        acked = last;
      }
      await subscriber.until(() => Number(subscriber.records().at(-1)!.sequence_number) > acked || subscriber.records().length >= 20);
    }
    expect(subscriber.records().map((r) => text(r.data))).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`));
    subscriber.socket.close();
  });
});

describe("MQTT subscribers against the local service (mqtt.js)", () => {
  it("get a stream's new records in order at QoS 1, with their sequence numbers", async () => {
    const { name } = await newStream();
    const client = await device();
    const messages = inbox(client);
    const granted = await client.subscribeAsync(`${name}/#`, { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    for (let i = 0; i < 10; i++) await putTexts(name, [`m${i}`]);
    const got = await messages.count(10);
    expect(got.map((m) => m.payload)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(got.map((m) => m.sequence)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    expect(new Set(got.map((m) => m.topic))).toEqual(new Set([`${name}/$partition/shardId-0000000000`]));
  });

  it("resume from an app's checkpoint, committed by mqtt.js's PUBACKs, with nothing lost or repeated", async () => {
    const { name } = await newStream();
    const app = unique("app");
    expect((await send(owner, { method: "POST", url: "/v2/{project_id}/apps", data: { app_name: app } })).httpStatusCode).toBe(201);
    const filter = `$app/${app}/${name}/#`;
    const first = await device();
    const firstInbox = inbox(first);
    await first.subscribeAsync(filter, { qos: 1 });
    for (let i = 0; i < 5; i++) await putTexts(name, [`a${i}`]);
    await firstInbox.count(5);
    // The checkpoint follows the PUBACKs.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const checkpoint = await send(owner, { method: "GET", url: "/v2/{project_id}/checkpoints", query: { stream_name: name, partition_id: "0", app_name: app, checkpoint_type: "LAST_READ" } });
      if (checkpoint.sequence_number === "4") break;
      if (Date.now() > deadline) throw new Error(`checkpoint at ${checkpoint.sequence_number}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.endAsync();
    for (let i = 5; i < 8; i++) await putTexts(name, [`a${i}`]);
    const second = await device();
    const secondInbox = inbox(second);
    await second.subscribeAsync(filter, { qos: 1 });
    const rest = await secondInbox.count(3);
    expect([...firstInbox.got, ...rest].map((m) => m.payload)).toEqual(Array.from({ length: 8 }, (_, i) => `a${i}`));
  });

  it("are refused in SUBACK for filters not taken and streams not found", async () => {
    const client = await device();
    // mqtt.js rejects a SUBACK with refusals, handing over the packet.
    type Suback = { granted: number[]; properties?: { reasonString?: string } };
    const refusal = await client
      .subscribeAsync(["not/a/+/filter", "no-such-stream-here/#"], { qos: 1 })
      .then(() => undefined as Suback | undefined)
      .catch((error: { packet?: Suback }) => error.packet);
    expect(refusal?.granted).toEqual([0x8f, 0x80]);
    expect(refusal?.properties?.reasonString).toMatch(/^Topic filters are/);
  });
});
