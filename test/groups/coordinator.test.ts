import { describe, expect, it } from "vitest";
import { ConsumerGroupState, type JoinRequest, type SyncAnswer } from "../../src/groups/coordinator";

const LIMITS = { maxMembers: 4, joinDelayMs: 1000 };
const stream = (n: number, id = "s1", name = "orders") => ({ id, name, partitions: Array.from({ length: n }, (_, index) => ({ index, readableUntil: null })) });
const joining = (clientId: string, partitions = 4, extra: Partial<JoinRequest> = {}): JoinRequest => ({
  clientId,
  streams: [{ ...stream(partitions), key: "orders" }],
  timeoutMs: 5000,
  accelerate: false,
  ...extra,
});
const fresh = () => new ConsumerGroupState(ConsumerGroupState.empty(), 0, LIMITS);
const owned = (answer: SyncAnswer) => (answer.state === "OK" ? (answer.assignment["orders"] ?? []) : null);

/** Joins the members at t=0 and syncs them once the join delay has passed. */
function formed(ids: string[]) {
  const group = fresh();
  for (const id of ids) group.join(joining(id), 0);
  const answers = new Map(ids.map((id) => [id, group.sync(id, LIMITS.joinDelayMs)]));
  return { group, answers };
}

describe("ConsumerGroupState", () => {
  it("members joining within the join delay form one generation; sync waits until then", () => {
    const group = fresh();
    expect(group.join(joining("a"), 0)).toEqual({ state: "OK", subscription: ["orders"], syncDelayedTimeMs: 1000 });
    expect(group.join(joining("b"), 400)).toEqual({ state: "OK", subscription: ["orders"], syncDelayedTimeMs: 600 });
    expect(group.sync("a", 500)).toEqual({ state: "WAITING" });
    const a = group.sync("a", 1000);
    const b = group.sync("b", 1000);
    expect(a.state === "OK" && a.generation).toBe(1);
    expect([...owned(a)!, ...owned(b)!].sort()).toEqual([0, 1, 2, 3]);
    expect(owned(a)).toHaveLength(2);
    expect(group.heartbeat("a", 1, 1100)).toBe("STABLE");
  });

  it("accelerateAssignEnabled skips the join delay", () => {
    const group = fresh();
    expect(group.join(joining("a", 4, { accelerate: true }), 0)).toMatchObject({ state: "OK", syncDelayedTimeMs: 0 });
    expect(owned(group.sync("a", 0))).toEqual([0, 1, 2, 3]);
  });

  it("a new member starts a rebalance: the others hear JOINING, rejoin, and the group completes without them waiting out the deadline", () => {
    const { group } = formed(["a", "b"]);
    group.join(joining("c"), 2000);
    expect(group.heartbeat("a", 1, 2100)).toBe("JOINING");
    expect(group.heartbeat("c", -1, 2100)).toBe("SYNCING");
    expect(group.sync("c", 2100)).toEqual({ state: "WAITING" });
    group.join(joining("a"), 2200);
    expect(group.sync("a", 2200)).toEqual({ state: "WAITING" });
    group.join(joining("b"), 2300);
    const all = ["a", "b", "c"].map((id) => group.sync(id, 2300));
    expect(all.map((s) => s.state === "OK" && s.generation)).toEqual([2, 2, 2]);
    expect(all.flatMap((s) => owned(s)!).sort()).toEqual([0, 1, 2, 3]);
    expect(all.map((s) => owned(s)!.length).sort()).toEqual([1, 1, 2]);
  });

  it("a member that does not rejoin by the deadline is dropped", () => {
    const { group } = formed(["a", "b"]);
    group.join(joining("c"), 2000);
    group.join(joining("a"), 2100);
    // b keeps heartbeating but never rejoins; the deadline is the largest member timeout (5 s) after the rebalance began.
    for (const t of [3000, 5000, 6500]) expect(group.heartbeat("b", 1, t)).toBe("JOINING");
    expect(group.sync("a", 6900)).toEqual({ state: "WAITING" });
    const a = group.sync("a", 7000);
    expect(a.state === "OK" && a.generation).toBe(2);
    expect(group.heartbeat("b", 1, 7000)).toBe("JOINING");
    expect(group.sync("b", 7000)).toEqual({ state: "REJOIN" });
  });

  it("a member missing heartbeats past its timeout is dropped and the rest rebalance", () => {
    const { group } = formed(["a", "b"]);
    for (let t = 2000; t <= 6000; t += 1000) group.heartbeat("a", 1, t);
    expect(group.heartbeat("a", 1, 7000)).toBe("JOINING");
    group.join(joining("a"), 7100);
    const a = group.sync("a", 7100);
    expect(a.state === "OK" && a.generation).toBe(2);
    expect(owned(a)).toEqual([0, 1, 2, 3]);
  });

  it("leaving rebalances at once", () => {
    const { group } = formed(["a", "b"]);
    group.leave("b", 1500);
    expect(group.heartbeat("a", 1, 1600)).toBe("JOINING");
    group.join(joining("a"), 1700);
    expect(owned(group.sync("a", 1700))).toEqual([0, 1, 2, 3]);
  });

  it("a stale generation's heartbeat answers SYNCING; a rejoin without change keeps the generation", () => {
    const { group } = formed(["a"]);
    expect(group.heartbeat("a", -1, 1500)).toBe("SYNCING");
    expect(group.join(joining("a"), 1600)).toMatchObject({ state: "OK", syncDelayedTimeMs: 0 });
    const again = group.sync("a", 1600);
    expect(again.state === "OK" && again.generation).toBe(1);
  });

  it("a scaling of a followed stream rebalances; partitions of other streams change nothing", () => {
    const { group } = formed(["a", "b"]);
    group.streamChanged(stream(2, "other", "other"), 1500);
    expect(group.heartbeat("a", 1, 1500)).toBe("STABLE");
    group.streamChanged(stream(6), 1600);
    expect(group.heartbeat("a", 1, 1600)).toBe("JOINING");
    group.join(joining("a", 6), 1700);
    group.join(joining("b", 6), 1700);
    const both = ["a", "b"].map((id) => group.sync(id, 1700));
    expect(both.flatMap((s) => owned(s)!).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("read-only partitions stay shared until readable_until, then drop out at the next rebalance", () => {
    const group = fresh();
    const s = { id: "s1", name: "orders", key: "orders", partitions: [{ index: 0, readableUntil: 5000 }, { index: 1, readableUntil: null }] };
    group.join({ clientId: "a", streams: [s], timeoutMs: 100_000, accelerate: true }, 0);
    expect(owned(group.sync("a", 0))).toEqual([0, 1]);
    group.join({ clientId: "b", streams: [s], timeoutMs: 100_000, accelerate: false }, 6000);
    group.join({ clientId: "a", streams: [s], timeoutMs: 100_000, accelerate: false }, 6000);
    expect([...(owned(group.sync("a", 6000)) ?? []), ...(owned(group.sync("b", 6000)) ?? [])]).toEqual([1]);
  });

  it("checkpoint commits: only the owner in the current generation; old owners keep theirs while a rebalance is pending", () => {
    const { group, answers } = formed(["a", "b"]);
    const aOwns = owned(answers.get("a")!)![0]!;
    const bOwns = owned(answers.get("b")!)![0]!;
    expect(group.commitRefusal("a", 1, "s1", aOwns, 1500)).toBeNull();
    expect(group.commitRefusal("a", 1, "s1", bOwns, 1500)).toBe("DIS.4703");
    expect(group.commitRefusal("a", 0, "s1", aOwns, 1500)).toBe("DIS.4703");
    expect(group.commitRefusal("z", 1, "s1", aOwns, 1500)).toBe("DIS.4702");
    group.join(joining("c"), 1600);
    expect(group.commitRefusal("a", 1, "s1", aOwns, 1700)).toBeNull();
    expect(group.commitRefusal("c", -1, "s1", aOwns, 1700)).toBe("DIS.4701");
    group.join(joining("a"), 1800);
    group.join(joining("b"), 1800);
    expect(group.commitRefusal("a", 1, "s1", aOwns, 1900)).toBe("DIS.4703");
  });

  it("refuses a member beyond the quota", () => {
    const group = fresh();
    for (const id of ["a", "b", "c", "d"]) expect(group.join(joining(id), 0).state).toBe("OK");
    expect(group.join(joining("e"), 0)).toEqual({ state: "ERR_CONSUMER_QUOTA" });
    expect(group.join(joining("a"), 10).state).toBe("OK");
  });

  it("a snapshot loads back to the same group, each member given its full timeout anew", () => {
    const { group } = formed(["a", "b"]);
    const loaded = new ConsumerGroupState(group.snapshot(), 100_000, LIMITS);
    expect(loaded.heartbeat("a", 1, 104_000)).toBe("STABLE");
    expect(loaded.snapshot()).toEqual(group.snapshot());
    expect(loaded.dirty).toBe(false);
  });

  it("heartbeats of a stable group change nothing durable", () => {
    const { group } = formed(["a", "b"]);
    group.dirty = false;
    group.heartbeat("a", 1, 1500);
    group.sync("a", 1500);
    expect(group.dirty).toBe(false);
  });
});
