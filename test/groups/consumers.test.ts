/**
 * Consumer groups through the worker, with the bodies the DIS Kafka adapter sends (its Java
 * field names) and the answers it reads. The test configuration sets a 300 ms join delay and a
 * quota of four members per app.
 */
import { describe, expect, it } from "vitest";
import { DEV_OTHER_ACCOUNT, DEV_READER } from "../../src/identity/provision";
import { call, expectError, PROJECT, uniqueName, type CallOptions } from "../helpers/http";
import { b64, newStream, put } from "../helpers/records";

const apps = `/v2/${PROJECT}/apps`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createApp(): Promise<string> {
  const name = uniqueName("g");
  expect((await call("POST", apps, { body: { app_name: name } })).status).toBe(201);
  return name;
}

function join(app: string, clientId: string, body: Record<string, unknown>, options: CallOptions = {}) {
  return call("POST", `${apps}/${app}/consumers/`, { ...options, body: { groupId: app, clientId, accelerateAssignEnabled: false, rebalanceTimeoutMs: 20000, ...body } });
}
const sync = (app: string, clientId: string, generation = -1) =>
  call("POST", `${apps}/${app}/consumers/${clientId}/partitions/`, { body: { groupId: app, clientId, generation } });
const heartbeat = (app: string, clientId: string, generation: number) =>
  call("POST", `${apps}/${app}/consumers/${clientId}/heartbeats/`, { body: { groupId: app, clientId, generation } });
const leave = (app: string, clientId: string) => call("DELETE", `${apps}/${app}/consumers/${clientId}/`);

interface Synced {
  generation: number;
  assignment: Record<string, number[]>;
}

/** Syncs as the adapter does: every 100 ms while WAITING, until OK. */
async function syncUntilOk(app: string, clientId: string): Promise<Synced> {
  for (let i = 0; i < 100; i++) {
    const reply = await sync(app, clientId);
    expect(reply.status, reply.text).toBe(200);
    if (reply.json.state === "OK") return reply.json;
    expect(reply.json).toEqual({ state: "WAITING" });
    await sleep(100);
  }
  throw new Error(`${clientId} never synced`);
}

/** Every member (re)joins following `streams`, then syncs; the members' answers, all of one generation. */
async function rebalance(app: string, ids: string[], streams: string[], extra: Record<string, unknown> = {}): Promise<Map<string, Synced>> {
  for (const id of ids) {
    const reply = await join(app, id, { interestedStream: streams, ...extra });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.state).toBe("OK");
    expect(typeof reply.json.syncDelayedTimeMs).toBe("number");
  }
  const answers = new Map<string, Synced>();
  for (const id of ids) answers.set(id, await syncUntilOk(app, id));
  expect(new Set([...answers.values()].map((a) => a.generation)).size).toBe(1);
  return answers;
}

/** Asserts that within the generation each partition of `stream` has exactly one owner, counts within one; returns owner by partition. */
function expectShared(answers: Map<string, Synced>, stream: string, partitions: number): Map<number, string> {
  const owner = new Map<number, string>();
  for (const [id, a] of answers) {
    for (const p of a.assignment[stream] ?? []) {
      expect(owner.has(p), `partition ${p} owned twice`).toBe(false);
      owner.set(p, id);
    }
  }
  expect([...owner.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: partitions }, (_, i) => i));
  const sizes = [...answers.values()].map((a) => (a.assignment[stream] ?? []).length);
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  return owner;
}

async function heartbeatState(app: string, clientId: string, generation: number): Promise<string> {
  const reply = await heartbeat(app, clientId, generation);
  expect(reply.status, reply.text).toBe(200);
  return reply.json.state;
}

const commit = (body: Record<string, unknown>) => call("POST", `/v2/${PROJECT}/checkpoints`, { body: { checkpoint_type: "LAST_READ", ...body } });

describe("consumer groups", () => {
  it("three consumers on four partitions: join, sync waits for the join delay, each partition owned once, sizes within one", async () => {
    const app = await createApp();
    const stream = await newStream(4);
    const first = await join(app, "consumer-a", { interestedStream: [stream] });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ state: "OK", subscription: [stream], syncDelayedTimeMs: expect.any(Number) });
    expect(first.json.syncDelayedTimeMs).toBeGreaterThan(0);
    expect((await sync(app, "consumer-a")).json).toEqual({ state: "WAITING" });

    const answers = await rebalance(app, ["consumer-a", "consumer-b", "consumer-c"], [stream]);
    const [a] = [...answers.values()];
    expect(a).toEqual({ state: "OK", generation: expect.any(Number), assignment: expect.any(Object) });
    expectShared(answers, stream, 4);
    for (const [id, s] of answers) expect(await heartbeatState(app, id, s.generation)).toBe("STABLE");

    const described = await call("GET", `${apps}/${app}/consumers`);
    expect(described.status).toBe(200);
    expect(described.json).toMatchObject({ app_name: app, generation: a!.generation, state: "STABLE" });
    expect(described.json.consumers.map((m: { client_id: string }) => m.client_id)).toEqual(["consumer-a", "consumer-b", "consumer-c"]);
    for (const m of described.json.consumers) expect(m.assignment).toEqual(answers.get(m.client_id)!.assignment);
  });

  it("a consumer leaves and one stops heartbeating: the rest hear JOINING, rejoin and share everything, one owner per partition", async () => {
    const app = await createApp();
    const stream = await newStream(4);
    const ids = ["c1", "c2", "c3"];
    const timeout = { rebalanceTimeoutMs: 1000 };
    let answers = await rebalance(app, ids, [stream], timeout);
    const g1 = answers.get("c1")!.generation;

    expect((await leave(app, "c3")).json).toEqual({ state: "OK" });
    expect(await heartbeatState(app, "c1", g1)).toBe("JOINING");
    expect(await heartbeatState(app, "c2", g1)).toBe("JOINING");
    answers = await rebalance(app, ["c1", "c2"], [stream], timeout);
    const g2 = answers.get("c1")!.generation;
    expect(g2).toBeGreaterThan(g1);
    expectShared(answers, stream, 4);

    // c2 goes silent; c1 keeps heartbeating until it hears of the rebalance.
    let state = "STABLE";
    for (let i = 0; i < 30 && state === "STABLE"; i++) {
      await sleep(100);
      state = await heartbeatState(app, "c1", g2);
    }
    expect(state).toBe("JOINING");
    answers = await rebalance(app, ["c1"], [stream], timeout);
    expect(answers.get("c1")!.assignment).toEqual({ [stream]: [0, 1, 2, 3] });
    expect(await heartbeatState(app, "c2", g2)).toBe("JOINING");
    expect((await sync(app, "c2")).json).toEqual({ state: "REJOIN" });
  });

  it("checkpoint commits of members: the owner's lands; another member's, a stale generation's and a stranger's are refused", async () => {
    const app = await createApp();
    const stream = await newStream(2);
    await put(stream, [0, 1].flatMap((p) => [{ data: b64("x"), partition_id: String(p) }]));
    const answers = await rebalance(app, ["a", "b"], [stream]);
    const g = answers.get("a")!.generation;
    const mine = answers.get("a")!.assignment[stream]![0]!;
    const theirs = answers.get("b")!.assignment[stream]![0]!;
    const base = { app_name: app, stream_name: stream, sequence_number: "0" };

    expect((await commit({ ...base, partition_id: String(mine), client_id: "a", generation_id: g })).status).toBe(201);
    expectError(await commit({ ...base, partition_id: String(theirs), client_id: "a", generation_id: g }), "DIS.4703");
    expectError(await commit({ ...base, partition_id: String(mine), client_id: "a", generation_id: g - 1 }), "DIS.4703");
    expectError(await commit({ ...base, partition_id: String(mine), client_id: "nobody", generation_id: g }), "DIS.4702");

    // A newcomer starts a rebalance: the current owners may still commit (the hand-over), the newcomer not yet.
    expect((await join(app, "c", { interestedStream: [stream] })).json.state).toBe("OK");
    expect((await commit({ ...base, partition_id: String(mine), client_id: "a", generation_id: g })).status).toBe(201);
    expectError(await commit({ ...base, partition_id: String(mine), client_id: "c", generation_id: -1 }), "DIS.4701");
    const next = await rebalance(app, ["a", "b", "c"], [stream]);
    const g2 = next.get("a")!.generation;
    // After the rebalance, generation g is stale, whoever owns the partition now.
    expectError(await commit({ ...base, partition_id: String(mine), client_id: "a", generation_id: g }), "DIS.4703");
    const owner = [...next].find(([, s]) => s.assignment[stream]?.includes(mine))![0];
    expect((await commit({ ...base, partition_id: String(mine), client_id: owner, generation_id: g2 })).status).toBe(201);
    // Commits without client_id are the app's plain checkpoints, as before.
    expect((await commit({ ...base, partition_id: String(mine) })).status).toBe(201);
  });

  it("a stream scaled out while consumed: members hear JOINING, and the new partitions are assigned", async () => {
    const app = await createApp();
    const stream = await newStream(2);
    const answers = await rebalance(app, ["a", "b"], [stream]);
    const g = answers.get("a")!.generation;
    const scaled = await call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, target_partition_count: 4 } });
    expect(scaled.status).toBe(200);
    expect(await heartbeatState(app, "a", g)).toBe("JOINING");
    const after = await rebalance(app, ["a", "b"], [stream]);
    expectShared(after, stream, 4);
    // Sticky: each member kept the partition it had.
    for (const id of ["a", "b"]) expect(after.get(id)!.assignment[stream]).toEqual(expect.arrayContaining(answers.get(id)!.assignment[stream]!));
  });

  it("a stream scaled in: the read-only partitions stay assigned while they hold unread records", async () => {
    const app = await createApp();
    const stream = await newStream(3);
    await put(stream, [{ data: b64("left"), partition_id: "2" }]);
    await rebalance(app, ["a"], [stream]);
    expect((await call("PUT", `/v2/${PROJECT}/streams/${stream}`, { body: { stream_name: stream, target_partition_count: 2 } })).status).toBe(200);
    const owned = (await rebalance(app, ["a"], [stream])).get("a")!.assignment[stream];
    expect(owned).toEqual([0, 1, 2]);
    // Once the app's checkpoint reaches its end, the next rebalance leaves it out.
    const g = (await syncUntilOk(app, "a")).generation;
    expect((await commit({ app_name: app, stream_name: stream, partition_id: "2", sequence_number: "1", client_id: "a", generation_id: g })).status).toBe(201);
    await leave(app, "a");
    expect((await rebalance(app, ["a"], [stream])).get("a")!.assignment[stream]).toEqual([0, 1]);
  });

  it("follows streams by id and by pattern; answers key each stream as the member named it", async () => {
    const app = await createApp();
    const prefix = uniqueName("pat").replace(/-/g, "_");
    const names = [`${prefix}_a`, `${prefix}_b`];
    for (const name of names) expect((await call("POST", `/v2/${PROJECT}/streams`, { body: { stream_name: name, partition_count: 1 } })).status).toBe(201);
    const byPattern = await join(app, "p", { streamPattern: `${prefix}_.*` });
    expect(byPattern.json).toMatchObject({ state: "OK", subscription: names });
    expect((await syncUntilOk(app, "p")).assignment).toEqual({ [names[0]!]: [0], [names[1]!]: [0] });

    const other = await createApp();
    const id = (await call("GET", `/v2/${PROJECT}/streams/${names[0]}`)).json.stream_id as string;
    expect((await join(other, "i", { interestedStreamIdList: [id] })).json.state).toBe("OK");
    const synced = await syncUntilOk(other, "i");
    expect(synced.assignment).toEqual({ [id]: [0] });
    // The adapter commits on streams it follows by id with stream_id alone.
    await put(names[0]!, [{ data: b64("x") }]);
    const byId = await commit({ app_name: other, stream_id: id, partition_id: "0", sequence_number: "0", client_id: "i", generation_id: synced.generation });
    expect(byId.status, byId.text).toBe(201);
  });

  it("another account's app follows a stream by id once a stream policy grants it getRecords", async () => {
    const stream = await newStream(2);
    const id = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id as string;
    const other = { keys: { ak: DEV_OTHER_ACCOUNT.accessKey, sk: DEV_OTHER_ACCOUNT.secretKey } };
    const theirApps = `/v2/${DEV_OTHER_ACCOUNT.project}/apps`;
    const app = uniqueName("og");
    expect((await call("POST", theirApps, { ...other, body: { app_name: app } })).status).toBe(201);
    const joinBody = { clientId: "x", interestedStreamIdList: [id], accelerateAssignEnabled: true };
    expectError(await call("POST", `${theirApps}/${app}/consumers`, { ...other, body: joinBody }), "DIS.4116", 403);
    const granted = await call("POST", `/v2/${PROJECT}/streams/${stream}/policies`, {
      body: { stream_id: id, principal_name: "devdomain2.*", action_type: "getRecords", effect: "accept" },
    });
    expect(granted.status).toBe(201);
    expect((await call("POST", `${theirApps}/${app}/consumers`, { ...other, body: joinBody })).json).toMatchObject({ state: "OK", subscription: [stream] });
    const synced = await call("POST", `${theirApps}/${app}/consumers/x/partitions`, { ...other, body: { generation: -1 } });
    expect(synced.json).toEqual({ state: "OK", generation: 1, assignment: { [id]: [0, 1] } });
  });

  it("states for what the protocol knows: GROUP_NOT_EXIST, ERR_SUBSCRIPTION, REJOIN; the quota is DIS.4339", async () => {
    const stream = await newStream(1);
    const missing = uniqueName("nope");
    expect((await join(missing, "a", { interestedStream: [stream] })).json).toEqual({ state: "GROUP_NOT_EXIST" });
    expect((await sync(missing, "a")).json).toEqual({ state: "GROUP_NOT_EXIST" });
    expect((await heartbeat(missing, "a", 1)).json).toEqual({ state: "GROUP_NOT_EXIST" });

    const app = await createApp();
    expect((await join(app, "a", { interestedStream: [uniqueName("absent")] })).json).toEqual({ state: "ERR_SUBSCRIPTION" });
    expect((await join(app, "a", {})).json).toEqual({ state: "ERR_SUBSCRIPTION" });
    const id = (await call("GET", `/v2/${PROJECT}/streams/${stream}`)).json.stream_id as string;
    expect((await join(app, "a", { interestedStream: [stream], interestedStreamIdList: [id] })).json).toEqual({ state: "ERR_SUBSCRIPTION" });
    expect((await sync(app, "stranger")).json).toEqual({ state: "REJOIN" });
    expect((await heartbeat(app, "stranger", -1)).json).toEqual({ state: "JOINING" });

    for (const c of ["q1", "q2", "q3", "q4"]) expect((await join(app, c, { interestedStream: [stream] })).json.state).toBe("OK");
    expectError(await join(app, "q5", { interestedStream: [stream] }), "DIS.4339");
  });

  it("malformed requests are DIS.4200; joining needs dis:records:read", async () => {
    const app = await createApp();
    const stream = await newStream(1);
    expectError(await join(app, "bad id/with slash", { interestedStream: [stream] }), "DIS.4200");
    expectError(await join(app, "a", { interestedStream: [stream], rebalanceTimeoutMs: 10 }), "DIS.4200");
    expectError(await join(app, "a", { interestedStream: "not-a-list" }), "DIS.4200");
    expectError(await join(app, "a", { streamPattern: "([" }), "DIS.4200");
    expectError(await call("POST", `${apps}/${app}/consumers/a/heartbeats`, { body: { generation: "one" } }), "DIS.4200");
    expectError(await join(app, "a", { interestedStream: [stream] }, { keys: { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey } }), "DIS.4116", 403);
  });

  it("deleting the app ends its group; deleting a followed stream rebalances the group without it", async () => {
    const app = await createApp();
    const kept = await newStream(1);
    const dropped = await newStream(1);
    const answers = await rebalance(app, ["a"], [kept, dropped]);
    const g = answers.get("a")!.generation;
    expect(Object.keys(answers.get("a")!.assignment).sort()).toEqual([kept, dropped].sort());

    expect((await call("DELETE", `/v2/${PROJECT}/streams/${dropped}`)).status).toBe(204);
    let state = "STABLE";
    for (let i = 0; i < 30 && state === "STABLE"; i++) {
      await sleep(100);
      state = await heartbeatState(app, "a", g);
    }
    expect(state).toBe("JOINING");
    expect((await rebalance(app, ["a"], [kept])).get("a")!.assignment).toEqual({ [kept]: [0] });

    expect((await call("DELETE", `${apps}/${app}`)).status).toBe(204);
    expect((await heartbeat(app, "a", g)).json).toEqual({ state: "GROUP_NOT_EXIST" });
    expect((await join(app, "a", { interestedStream: [kept] })).json).toEqual({ state: "GROUP_NOT_EXIST" });
  });
});
