import { describe, expect, it } from "vitest";
import { filterResources, matchesFilter, tagSets, type TagFilter, type TaggedResource } from "../../src/tags/filter";

const r = (name: string, tags: Record<string, string>): TaggedResource => ({ id: `id-${name}`, name, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) });
const resources = [
  r("alpha", { env: "prod", team: "a" }),
  r("beta", { env: "test", team: "b" }),
  r("gamma", { env: "prod" }),
  r("delta", {}),
];
const names = (filter: TagFilter) => resources.filter((x) => matchesFilter(x, filter)).map((x) => x.name);

describe("tag filters", () => {
  it.each<[string, TagFilter, string[]]>([
    ["no filter", {}, ["alpha", "beta", "gamma", "delta"]],
    ["tags: a key with any value", { tags: [{ key: "team", values: [] }] }, ["alpha", "beta"]],
    ["tags: values OR-ed", { tags: [{ key: "env", values: ["prod", "test"] }] }, ["alpha", "beta", "gamma"]],
    ["tags: every key must match", { tags: [{ key: "env", values: ["prod"] }, { key: "team", values: [] }] }, ["alpha"]],
    ["tags_any", { tagsAny: [{ key: "team", values: ["b"] }, { key: "env", values: ["prod"] }] }, ["alpha", "beta", "gamma"]],
    ["not_tags", { notTags: [{ key: "env", values: ["prod"] }, { key: "team", values: [] }] }, ["beta", "gamma", "delta"]],
    ["not_tags_any", { notTagsAny: [{ key: "team", values: [] }, { key: "env", values: ["test"] }] }, ["gamma", "delta"]],
    ["matches", { nameContains: "ta" }, ["beta", "delta"]],
    ["combined", { tags: [{ key: "env", values: [] }], notTagsAny: [{ key: "team", values: ["b"] }], nameContains: "a" }, ["alpha", "gamma"]],
    ["empty lists do not filter", { tags: [], tagsAny: [], notTags: [], notTagsAny: [] }, ["alpha", "beta", "gamma", "delta"]],
  ])("%s", (_label, filter, expected) => {
    expect(names(filter)).toEqual(expected);
  });

  it("pages in name order and counts every match", () => {
    const { page, total } = filterResources(resources, {}, 1, 2);
    expect(page.map((x) => x.name)).toEqual(["beta", "delta"]);
    expect(total).toBe(4);
  });

  it("collects each key's distinct values", () => {
    expect(tagSets(resources.flatMap((x) => x.tags))).toEqual([
      { key: "env", values: ["prod", "test"] },
      { key: "team", values: ["a", "b"] },
    ]);
  });
});
