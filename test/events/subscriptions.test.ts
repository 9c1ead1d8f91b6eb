/** Event subscriptions' API: create (the secret once), list with delivery state, update, delete, and their refusals. */
import { afterAll, describe, expect, it } from "vitest";
import { DEV_READER } from "../../src/identity/provision";
import { call, expectError, PROJECT, uniqueName } from "../helpers/http";

const SUBS = `/v1/${PROJECT}/event-subs`;
const body = (extra: Record<string, unknown> = {}) => ({ name: uniqueName("sub"), event_types: ["STREAM_CREATED"], webhook_url: "https://hooks.example.com/dis", ...extra });

describe("event subscriptions", () => {
  // None of these webhooks exists: no later event of the project should go looking for them.
  afterAll(async () => {
    for (const sub of (await call("GET", SUBS)).json.event_subs) await call("DELETE", `${SUBS}/${sub.sub_id}`);
  });

  it("create answers 201 with the subscription and its secret, which no other answer shows", async () => {
    const asked = body({ levels: ["info", "warning"], resource_type: "stream", resource_names: ["a", "b"] });
    const created = await call("POST", SUBS, { body: asked });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toEqual({
      sub_id: expect.stringMatching(/^[0-9A-Za-z]{20}$/),
      name: asked.name,
      event_types: ["STREAM_CREATED"],
      levels: ["info", "warning"],
      resource_type: "stream",
      resource_names: ["a", "b"],
      webhook_url: "https://hooks.example.com/dis",
      enabled: true,
      state: "ACTIVE",
      create_time: expect.any(Number),
      update_time: expect.any(Number),
      delivery: { last_success_time: null, consecutive_failures: 0, last_error: null, paused_reason: null },
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const listed = await call("GET", SUBS);
    expect(listed.status).toBe(200);
    const mine = listed.json.event_subs.find((s: { sub_id: string }) => s.sub_id === created.json.sub_id);
    const { secret: _, ...shown } = created.json;
    expect(mine).toEqual(shown);
    expect(listed.text).not.toContain(created.json.secret);
    const described = await call("GET", `${SUBS}/${created.json.sub_id}`);
    expect(described.json).toEqual(shown);
    expect(listed.json.total_number).toBe(listed.json.event_subs.length);
  });

  it("update changes what it names, disables and enables; delete removes it", async () => {
    const created = (await call("POST", SUBS, { body: body() })).json;
    const updated = await call("PUT", `${SUBS}/${created.sub_id}`, { body: { event_types: ["*"], levels: ["critical"], enabled: false } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json).toMatchObject({ event_types: ["*"], levels: ["critical"], enabled: false, state: "DISABLED", name: created.name });
    expect(updated.json.secret).toBeUndefined();
    expect((await call("PUT", `${SUBS}/${created.sub_id}`, { body: { enabled: true, resource_names: null } })).json).toMatchObject({ state: "ACTIVE", resource_names: null });
    expect((await call("DELETE", `${SUBS}/${created.sub_id}`)).status).toBe(204);
    expectError(await call("DELETE", `${SUBS}/${created.sub_id}`), "DIS.4390");
    expectError(await call("PUT", `${SUBS}/${created.sub_id}`, { body: { enabled: true } }), "DIS.4390");
  });

  it.each([
    ["no event type", { event_types: [] }],
    ["an unknown event type", { event_types: ["STREAM_EXPLODED"] }],
    ["an unknown level", { levels: ["fatal"] }],
    ["an unknown resource type", { resource_type: "bucket" }],
    ["plain http to another host", { webhook_url: "http://hooks.example.com/dis" }],
    ["not a URL", { webhook_url: "hooks" }],
    ["a bad name", { name: "no spaces allowed" }],
  ])("refuses %s with DIS.4200", async (_what, extra) => {
    expectError(await call("POST", SUBS, { body: body(extra) }), "DIS.4200");
  });

  it("takes plain http for loopback only; refuses a second subscription of one name and an empty update", async () => {
    for (const url of ["http://127.0.0.1:9000/hook", "http://localhost/hook", "http://[::1]:8080/"]) {
      expect((await call("POST", SUBS, { body: body({ webhook_url: url }) })).status).toBe(201);
    }
    const named = body();
    expect((await call("POST", SUBS, { body: named })).status).toBe(201);
    expectError(await call("POST", SUBS, { body: named }), "DIS.4392");
    const id = (await call("GET", SUBS)).json.event_subs[0].sub_id;
    expectError(await call("PUT", `${SUBS}/${id}`, { body: {} }), "DIS.4200");
  });

  it("refuses the twenty-first subscription of a project with DIS.4391", async () => {
    const existing = (await call("GET", SUBS)).json.total_number as number;
    for (let i = existing; i < 20; i++) expect((await call("POST", SUBS, { body: body() })).status).toBe(201);
    expectError(await call("POST", SUBS, { body: body() }), "DIS.4391");
  });

  it("permissions: a read-only user lists, but neither creates nor deletes", async () => {
    const reader = { keys: { ak: DEV_READER.accessKey, sk: DEV_READER.secretKey } };
    expect((await call("GET", SUBS, reader)).status).toBe(200);
    expect((await call("GET", `/v1/${PROJECT}/events`, reader)).status).toBe(200);
    expectError(await call("POST", SUBS, { ...reader, body: body() }), "DIS.4116", 403);
  });
});
