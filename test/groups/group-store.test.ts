import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConsumerGroup } from "../../src/groups/consumer-group";
import { GroupStore } from "../../src/groups/group-store";

const streams = [{ id: "s1", name: "orders", key: "orders", partitions: [0, 1, 2].map((index) => ({ index, readableUntil: null })) }];

describe("the coordinator's SQLite", () => {
  it("holds the group as formed: generation, members and assignment load back after the object restarts", async () => {
    const stub = env.CONSUMER_GROUPS.get(env.CONSUMER_GROUPS.idFromName(crypto.randomUUID()));
    await stub.join({ clientId: "a", streams, timeoutMs: 60_000, accelerate: true });
    const synced = await stub.sync("a");
    expect(synced).toEqual({ state: "OK", generation: 1, assignment: { orders: [0, 1, 2] } });
    const stored = await runInDurableObject(stub, (_: ConsumerGroup, state) => new GroupStore(state.storage).load());
    expect(stored).toMatchObject({
      generation: 1,
      round: null,
      members: [{ clientId: "a", streams: [{ id: "s1", key: "orders" }], timeoutMs: 60_000, current: true, rejoined: false }],
      owners: [["s1/0", "a"], ["s1/1", "a"], ["s1/2", "a"]],
    });
    // A fresh instance (as after an eviction) answers from what it loads.
    const reloaded = await runInDurableObject(stub, (_: ConsumerGroup, state) => new ConsumerGroup(state, env).sync("a"));
    expect(reloaded).toEqual(synced);
  });

  it("dissolve empties the group; a late call finds no members", async () => {
    const stub = env.CONSUMER_GROUPS.get(env.CONSUMER_GROUPS.idFromName(crypto.randomUUID()));
    await stub.join({ clientId: "a", streams, timeoutMs: 60_000, accelerate: true });
    await stub.dissolve();
    expect(await stub.heartbeat("a", 1)).toBe("JOINING");
    expect((await stub.describe()).members).toEqual([]);
  });
});
