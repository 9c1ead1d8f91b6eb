import { describe, expect, it } from "vitest";
import { call, PROJECT, uniqueName, expectError } from "../helpers/http";

const base = `/v2/${PROJECT}/stream`;


async function stream(tags?: { key: string; value: string }[], name = uniqueName("t")) {
  expect((await call("POST", `/v2/${PROJECT}/streams`, { body: { stream_name: name, partition_count: 1, ...(tags ? { tags } : {}) } })).status).toBe(201);
  const id = (await call("GET", `/v2/${PROJECT}/streams/${name}`)).json.stream_id as string;
  return { name, id };
}

const tagsOf = async (id: string) => (await call("GET", `${base}/${id}/tags`)).json.tags;

describe("a stream's tags", () => {
  it("adds (204), lists (200), overwrites a key, and deletes by URL-encoded key", async () => {
    const { id } = await stream([{ key: "初始", value: "v0" }]);
    expect((await call("POST", `${base}/${id}/tags`, { body: { tag: { key: "环境", value: "生产" } } })).status).toBe(204);
    expect((await call("POST", `${base}/${id}/tags`, { body: { tag: { key: "team", value: "a.b-c_d" } } })).status).toBe(204);
    expect((await call("POST", `${base}/${id}/tags`, { body: { tag: { key: "team", value: "" } } })).status).toBe(204);
    const listed = await call("GET", `${base}/${id}/tags`);
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual({ tags: [{ key: "team", value: "" }, { key: "初始", value: "v0" }, { key: "环境", value: "生产" }] });
    expect((await call("DELETE", `${base}/${id}/tags/${encodeURIComponent("环境")}`)).status).toBe(204);
    expect(await tagsOf(id)).toEqual([{ key: "team", value: "" }, { key: "初始", value: "v0" }]);
    expectError(await call("DELETE", `${base}/${id}/tags/${encodeURIComponent("环境")}`), "DIS.4604");
  });

  it.each([
    ["an empty key", { tag: { key: "", value: "v" } }],
    ["a 37-character key", { tag: { key: "k".repeat(37), value: "v" } }],
    ["a key with a dot", { tag: { key: "a.b", value: "v" } }],
    ["a 44-character value", { tag: { key: "k", value: "v".repeat(44) } }],
    ["a value with a space", { tag: { key: "k", value: "a b" } }],
    ["no tag", {}],
  ])("rejects %s with DIS.4200", async (_label, body) => {
    const { id } = await stream();
    expectError(await call("POST", `${base}/${id}/tags`, { body }), "DIS.4200");
  });

  it("allows at most 10 tags (DIS.4601), an unknown stream id is DIS.4603", async () => {
    const { id } = await stream(Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: "v" })));
    expectError(await call("POST", `${base}/${id}/tags`, { body: { tag: { key: "k10", value: "v" } } }), "DIS.4601");
    expect((await call("POST", `${base}/${id}/tags`, { body: { tag: { key: "k3", value: "changed" } } })).status).toBe(204);
    expectError(await call("GET", `${base}/nope/tags`), "DIS.4603");
    expectError(await call("POST", `${base}/nope/tags`, { body: { tag: { key: "k", value: "v" } } }), "DIS.4603");
  });

  it("batch create overwrites existing keys and refuses repeated keys; batch delete is idempotent", async () => {
    const { id } = await stream([{ key: "a", value: "1" }]);
    const action = (body: unknown) => call("POST", `${base}/${id}/tags/action`, { body });
    expect((await action({ action: "create", tags: [{ key: "a", value: "2" }, { key: "b", value: "3" }] })).status).toBe(204);
    expect(await tagsOf(id)).toEqual([{ key: "a", value: "2" }, { key: "b", value: "3" }]);
    expectError(await action({ action: "create", tags: [{ key: "c", value: "1" }, { key: "c", value: "2" }] }), "DIS.4200");
    expectError(await action({ action: "create", tags: [{ key: "bad key", value: "1" }] }), "DIS.4200");
    expectError(await action({ action: "create", tags: Array.from({ length: 9 }, (_, i) => ({ key: `n${i}`, value: "v" })) }), "DIS.4601");
    expect((await action({ action: "delete", tags: [{ key: "a" }, { key: "no such key!" }] })).status).toBe(204);
    expect((await action({ action: "delete", tags: [{ key: "a" }] })).status).toBe(204);
    expect(await tagsOf(id)).toEqual([{ key: "b", value: "3" }]);
    expectError(await action({ action: "update", tags: [{ key: "a", value: "1" }] }), "DIS.4605");
    expectError(await action({ action: "delete", tags: [] }), "DIS.4200");
  });

  it("batch delete takes any number of keys", async () => {
    const { id } = await stream([{ key: "keep", value: "1" }, { key: "k7", value: "2" }]);
    const tags = Array.from({ length: 150 }, (_, i) => ({ key: `k${i}` }));
    expect((await call("POST", `${base}/${id}/tags/action`, { body: { action: "delete", tags } })).status).toBe(204);
    expect(await tagsOf(id)).toEqual([{ key: "keep", value: "1" }]);
  });

  it("deleting a stream removes its tags", async () => {
    const { id, name } = await stream([{ key: "gone", value: "soon" }]);
    expect((await call("DELETE", `/v2/${PROJECT}/streams/${name}`)).status).toBe(204);
    expectError(await call("GET", `${base}/${id}/tags`), "DIS.4603");
    expect((await call("GET", `${base}/tags`)).json.tags.map((t: { key: string }) => t.key)).not.toContain("gone");
  });
});

describe("project tags and filtering", () => {
  it("lists every key with its distinct values and filters streams by tags", async () => {
    const prefix = `flt${Date.now().toString(36)}`;
    const a = await stream([{ key: `${prefix}env`, value: "prod" }, { key: `${prefix}team`, value: "a" }], `${prefix}-alpha`);
    const b = await stream([{ key: `${prefix}env`, value: "test" }], `${prefix}-beta`);
    const c = await stream([{ key: `${prefix}env`, value: "prod" }], `${prefix}-gamma`);

    const sets = (await call("GET", `${base}/tags`)).json.tags;
    expect(sets).toEqual(
      expect.arrayContaining([
        { key: `${prefix}env`, values: ["prod", "test"] },
        { key: `${prefix}team`, values: ["a"] },
      ]),
    );

    const filter = (body: Record<string, unknown>) => call("POST", `${base}/resource_instances/action`, { body: { matches: [{ key: "resource_name", value: prefix }], ...body } });
    const prod = await filter({ action: "filter", tags: [{ key: `${prefix}env`, values: ["prod"] }] });
    expect(prod.status).toBe(200);
    expect(prod.json).toEqual({
      resources: [
        { resource_id: a.id, resource_name: a.name, resource_detail: null, tags: [{ key: `${prefix}env`, value: "prod" }, { key: `${prefix}team`, value: "a" }] },
        { resource_id: c.id, resource_name: c.name, resource_detail: null, tags: [{ key: `${prefix}env`, value: "prod" }] },
      ],
      total_count: 2,
    });
    const page = await filter({ action: "filter", limit: "1", offset: "1", tags: [{ key: `${prefix}env`, values: [] }] });
    expect(page.json.resources.map((r: { resource_name: string }) => r.resource_name)).toEqual([b.name]);
    expect(page.json.total_count).toBe(3);
    expect((await filter({ action: "count", not_tags_any: [{ key: `${prefix}team`, values: [] }] })).json).toEqual({ total_count: 2 });
    expect((await filter({ action: "count", tags_any: [{ key: `${prefix}team`, values: ["a"] }, { key: `${prefix}env`, values: ["test"] }] })).json).toEqual({ total_count: 2 });
    expect((await filter({ action: "count", not_tags: [{ key: `${prefix}env`, values: ["prod"] }, { key: `${prefix}team`, values: [] }] })).json).toEqual({ total_count: 2 });
  });

  it.each([
    ["an unknown action", { action: "list" }, "DIS.4605"],
    ["11 keys", { action: "filter", tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, values: [] })) }, "DIS.4200"],
    ["11 values", { action: "filter", tags: [{ key: "k", values: Array.from({ length: 11 }, (_, i) => `v${i}`) }] }, "DIS.4200"],
    ["a repeated key", { action: "filter", tags_any: [{ key: "k", values: [] }, { key: "k", values: [] }] }, "DIS.4200"],
    ["a repeated value", { action: "filter", not_tags: [{ key: "k", values: ["v", "v"] }] }, "DIS.4200"],
    ["an empty key", { action: "filter", tags: [{ key: "", values: [] }] }, "DIS.4200"],
    ["limit 0", { action: "filter", limit: "0" }, "DIS.4200"],
    ["limit 1001", { action: "filter", limit: "1001" }, "DIS.4200"],
    ["a negative offset", { action: "filter", offset: "-1" }, "DIS.4200"],
    ["a match on another field", { action: "filter", matches: [{ key: "resource_id", value: "x" }] }, "DIS.4200"],
  ])("rejects %s", async (_label, body, code) => {
    expectError(await call("POST", `${base}/resource_instances/action`, { body }), code);
  });
});
