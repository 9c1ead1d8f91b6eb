import { describe, expect, it } from "vitest";
import { call, expectError } from "../helpers/http";

const ADMIN = { authorization: "Bearer test-admin-secret" };

function admin(method: string, path: string, body?: unknown) {
  return call(method, `/admin/v1${path}`, { unsigned: true, headers: ADMIN, ...(body === undefined ? {} : { body }) });
}


function token(domain: string, user: string, password: string, project: string) {
  return call("POST", "/v3/auth/tokens", {
    unsigned: true,
    body: { auth: { identity: { methods: ["password"], password: { user: { name: user, password, domain: { name: domain } } } }, scope: { project: { id: project } } } },
  });
}

describe("operators' API", () => {
  it("is closed without the operator secret", async () => {
    expectError(await call("GET", "/admin/v1/domains", { unsigned: true }), "DIS.4116", 403);
    expectError(await call("GET", "/admin/v1/domains", { unsigned: true, headers: { authorization: "Bearer wrong" } }), "DIS.4116", 403);
  });

  it("creates an account, a project, a user with a key, and grants that take effect at once", async () => {
    const domain = `acme${Date.now().toString(36)}`;
    expect((await admin("POST", "/domains", { name: domain })).status).toBe(201);
    expectError(await admin("POST", "/domains", { name: domain }), "DIS.4200");
    const project = await admin("POST", "/projects", { domain, name: "main", id: `${domain}-p1` });
    expect(project.status).toBe(201);
    expect(project.json).toMatchObject({ id: `${domain}-p1`, name: "main" });
    const user = await admin("POST", "/users", { domain, name: "alice", password: "alicepassword" });
    expect(user.status).toBe(201);
    const key = await admin("POST", `/users/${domain}/alice/keys`);
    expect(key.status).toBe(201);
    expect(key.json.access_key).toMatch(/^[A-Z0-9]{20}$/);
    expect(key.json.secret_key).toMatch(/^[A-Za-z0-9]{40}$/);
    const keys = { ak: key.json.access_key, sk: key.json.secret_key };
    const streams = `/v2/${domain}-p1/streams`;

    // No grant yet: authenticated, but not allowed.
    expectError(await call("GET", streams, { keys }), "DIS.4116", 403);
    expect((await admin("POST", `/users/${domain}/alice/grants`, { project: `${domain}-p1`, permission: "DIS ReadOnlyAccess" })).status).toBe(201);
    expect((await call("GET", streams, { keys })).status).toBe(200);
    expectError(await call("POST", streams, { keys, body: { stream_name: "s", partition_count: 1 } }), "DIS.4116", 403);
    expect((await admin("POST", `/users/${domain}/alice/grants`, { project: `${domain}-p1`, permission: "dis:streams:create" })).status).toBe(201);
    expect((await call("POST", streams, { keys, body: { stream_name: "s", partition_count: 1 } })).status).toBe(201);
    expect((await admin("GET", `/users/${domain}/alice/grants`)).json.grants).toEqual(
      expect.arrayContaining([
        { project_id: `${domain}-p1`, permission: "DIS ReadOnlyAccess" },
        { project_id: `${domain}-p1`, permission: "dis:streams:create" },
      ]),
    );
    const revokeGrant = await call("DELETE", `/admin/v1/users/${domain}/alice/grants?project=${domain}-p1&permission=dis:streams:create`, { unsigned: true, headers: ADMIN });
    expect(revokeGrant.status).toBe(204);
    expectError(await call("POST", streams, { keys, body: { stream_name: "s2", partition_count: 1 } }), "DIS.4116", 403);

    // Listing keys never shows a secret; revoking one takes effect at once.
    const listed = await admin("GET", `/users/${domain}/alice/keys`);
    expect(listed.json.keys).toEqual([{ access_key: keys.ak, status: "active", created_at: expect.any(Number) }]);
    expect(listed.text).not.toContain(keys.sk);
    expect((await admin("DELETE", `/keys/${keys.ak}`)).status).toBe(204);
    expectError(await call("GET", streams, { keys }), "DIS.4103", 441);
    expectError(await admin("DELETE", "/keys/NOSUCHKEY"), "DIS.4200");

    // Passwords: the new one works, the old one no longer does.
    expect((await token(domain, "alice", "alicepassword", `${domain}-p1`)).status).toBe(201);
    expect((await admin("PUT", `/users/${domain}/alice/password`, { password: "newpassword1" })).status).toBe(204);
    expectError(await token(domain, "alice", "alicepassword", `${domain}-p1`), "DIS.4110", 401);
    expect((await token(domain, "alice", "newpassword1", `${domain}-p1`)).status).toBe(201);

    expect((await admin("GET", `/projects?domain=${domain}`)).json.projects).toEqual([{ id: `${domain}-p1`, name: "main", domain_id: expect.any(String) }]);
    expect((await admin("GET", `/users?domain=${domain}`)).json.users.map((u: { name: string }) => u.name)).toEqual(["alice"]);
    expect((await admin("GET", "/domains")).json.domains.map((d: { name: string }) => d.name)).toContain(domain);
  });

  it.each([
    ["a short password", "POST", "/users", { domain: "devdomain", name: "bob", password: "short" }],
    ["an unknown account", "POST", "/users", { domain: "nope", name: "bob", password: "longenough" }],
    ["an unknown permission", "POST", "/users/devdomain/devuser/grants", { project: "devproject", permission: "everything" }],
    ["a name every object has", "POST", "/users/devdomain/devuser/grants", { project: "devproject", permission: "constructor" }],
    ["a project of another account", "POST", "/users/devdomain/devuser/grants", { project: "devproject2", permission: "DIS FullAccess" }],
    ["an unknown user", "POST", "/users/devdomain/nobody/keys", undefined],
  ])("rejects %s with DIS.4200", async (_label, method, path, body) => {
    expectError(await admin(method, path, body), "DIS.4200");
  });
});
