import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/partition/group-commit";

/** A committer over an array "storage" whose durability the test releases by hand. */
function harness(options: { failWrite?: (items: string[]) => boolean } = {}) {
  const writes: string[][] = [];
  const releases: (() => void)[] = [];
  const rejections: ((e: Error) => void)[] = [];
  const commit = new GroupCommit<string, string>(
    (items) => {
      if (options.failWrite?.(items)) throw new Error("disk full");
      writes.push([...items]);
      return items.map((item) => `${item}@${writes.length}`);
    },
    () =>
      new Promise<void>((resolve, reject) => {
        releases.push(resolve);
        rejections.push(reject);
      }),
  );
  const durable = async () => {
    await Promise.resolve();
    releases.shift()?.();
    rejections.shift();
    await new Promise((r) => setTimeout(r, 0));
  };
  const fail = async (error: Error) => {
    releases.shift();
    rejections.shift()?.(error);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { commit, writes, durable, fail };
}

/** A promise's outcome, observed at once so that a rejection is never left unhandled. */
function outcome<T>(promise: Promise<T>): Promise<{ value: T } | { error: string }> {
  return promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );
}

describe("group commit", () => {
  it("writes an append that finds nothing in flight at once, in the same turn", () => {
    const { commit, writes } = harness();
    void commit.submit("a");
    expect(writes).toEqual([["a"]]);
  });

  it("answers an append only once its write is durable", async () => {
    const { commit, durable } = harness();
    let answered: string | undefined;
    void commit.submit("a").then((r) => (answered = r));
    await new Promise((r) => setTimeout(r, 0));
    expect(answered).toBeUndefined();
    await durable();
    expect(answered).toBe("a@1");
  });

  it("appends arriving while a write is in flight are written together, in arrival order", async () => {
    const { commit, writes, durable } = harness();
    const results = ["a", "b", "c", "d"].map((item) => commit.submit(item));
    expect(writes).toEqual([["a"]]);
    expect(commit.backlog).toBe(3);
    await durable();
    expect(writes).toEqual([["a"], ["b", "c", "d"]]);
    const e = commit.submit("e");
    await durable();
    await durable();
    expect(await Promise.all([...results, e])).toEqual(["a@1", "b@2", "c@2", "d@2", "e@3"]);
    expect(writes).toEqual([["a"], ["b", "c", "d"], ["e"]]);
  });

  it("a write that fails fails every append of its group, and the next group goes on", async () => {
    const { commit, writes, durable } = harness({ failWrite: (items) => items.includes("b") });
    const a = outcome(commit.submit("a"));
    const b = outcome(commit.submit("b"));
    const c = outcome(commit.submit("c"));
    await durable();
    expect(await b).toEqual({ error: "disk full" });
    expect(await c).toEqual({ error: "disk full" });
    expect(await a).toEqual({ value: "a@1" });
    const d = commit.submit("d");
    await durable();
    expect(await d).toBe("d@2");
    expect(writes).toEqual([["a"], ["d"]]);
  });

  it("a write that does not become durable fails its appends; none is answered as stored", async () => {
    const { commit, fail, durable } = harness();
    const a = outcome(commit.submit("a"));
    const b = commit.submit("b");
    await fail(new Error("storage reset"));
    expect(await a).toEqual({ error: "storage reset" });
    await durable();
    expect(await b).toBe("b@2");
  });
});
