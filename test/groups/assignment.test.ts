import { describe, expect, it } from "vitest";
import { assign, partitionKey } from "../../src/groups/assignment";

const follows = (entries: [string, string[]][]) => new Map(entries.map(([id, streams]) => [id, new Set(streams)]));
const keys = (stream: string, n: number) => Array.from({ length: n }, (_, i) => partitionKey(stream, i));
const counts = (owners: Map<string, string>) => {
  const c = new Map<string, number>();
  for (const id of owners.values()) c.set(id, (c.get(id) ?? 0) + 1);
  return c;
};

describe("assign", () => {
  it.each([
    [1, 4],
    [3, 4],
    [4, 4],
    [5, 4],
    [3, 10],
    [7, 100],
  ])("%i members, %i partitions: each partition owned once, counts within one", (m, p) => {
    const members = follows(Array.from({ length: m }, (_, i) => [`c${i}`, ["s"]]));
    const owners = assign({ members, partitions: keys("s", p), previous: new Map() });
    expect(owners.size).toBe(p);
    const sizes = [...members.keys()].map((id) => counts(owners).get(id) ?? 0);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(p);
  });

  it("is sticky: a new member takes partitions only from the most loaded, the rest stay", () => {
    const partitions = keys("s", 6);
    const first = assign({ members: follows([["a", ["s"]], ["b", ["s"]]]), partitions, previous: new Map() });
    const second = assign({ members: follows([["a", ["s"]], ["b", ["s"]], ["c", ["s"]]]), partitions, previous: first });
    expect([...counts(second).values()].sort()).toEqual([2, 2, 2]);
    const moved = partitions.filter((p) => first.get(p) !== second.get(p));
    expect(moved).toHaveLength(2);
    for (const p of moved) expect(second.get(p)).toBe("c");
  });

  it("a departed member's partitions go to the others; nobody else's move", () => {
    const partitions = keys("s", 6);
    const first = assign({ members: follows([["a", ["s"]], ["b", ["s"]], ["c", ["s"]]]), partitions, previous: new Map() });
    const second = assign({ members: follows([["a", ["s"]], ["b", ["s"]]]), partitions, previous: first });
    for (const p of partitions) if (first.get(p) !== "c") expect(second.get(p)).toBe(first.get(p));
    expect([...counts(second).values()]).toEqual([3, 3]);
  });

  it("new partitions (a scale-out) go to the least loaded members", () => {
    const before = assign({ members: follows([["a", ["s"]], ["b", ["s"]]]), partitions: keys("s", 2), previous: new Map() });
    const after = assign({ members: follows([["a", ["s"]], ["b", ["s"]]]), partitions: keys("s", 4), previous: before });
    expect(after.get(partitionKey("s", 0))).toBe(before.get(partitionKey("s", 0)));
    expect(after.get(partitionKey("s", 1))).toBe(before.get(partitionKey("s", 1)));
    expect([...counts(after).values()]).toEqual([2, 2]);
  });

  it("a partition goes only to members following its stream", () => {
    const members = follows([
      ["a", ["s"]],
      ["b", ["s", "t"]],
      ["c", ["t"]],
    ]);
    const owners = assign({ members, partitions: [...keys("s", 3), ...keys("t", 3)], previous: new Map() });
    for (const p of keys("s", 3)) expect(["a", "b"]).toContain(owners.get(p));
    for (const p of keys("t", 3)) expect(["b", "c"]).toContain(owners.get(p));
    expect(owners.size).toBe(6);
  });

  it("partitions of a stream nobody follows are left out; a previous owner who stopped following loses them", () => {
    const previous = new Map([[partitionKey("s", 0), "a"]]);
    const owners = assign({ members: follows([["a", ["t"]], ["b", ["s"]]]), partitions: [...keys("s", 1), ...keys("u", 1)], previous });
    expect(owners.get(partitionKey("s", 0))).toBe("b");
    expect(owners.has(partitionKey("u", 0))).toBe(false);
  });
});
