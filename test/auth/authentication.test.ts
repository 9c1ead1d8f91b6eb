import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "../../src/auth/token";
import { DEV_IDENTITY } from "../../src/identity/provision";
import { call, devToken, errorCodeOf, PROJECT, sdkDate } from "../helpers/http";

const LIST = `/v2/${PROJECT}/streams`;

function expectAuthError(reply: { status: number }, code: string) {
  expect(reply.status).toBe(code === "DIS.4110" ? 401 : 441);
  expect(errorCodeOf(reply as never)).toBe(code);
}

describe("AK/SK signatures", () => {
  it("a correctly signed request passes", async () => {
    const reply = await call("GET", `${LIST}?limit=5`);
    expect(reply.status).toBe(200);
  });

  it("a signed POST with a body passes, and with UNSIGNED-PAYLOAD too", async () => {
    const body = { stream_name: "signed-post-" + Date.now(), partition_count: 1 };
    expect((await call("POST", LIST, { body })).status).toBe(201);
    expect((await call("DELETE", `${LIST}/${body.stream_name}`, { unsignedPayload: true })).status).toBe(204);
  });

  it.each([
    ["sdk-dis", () => `${sdkDate().slice(0, 8)}/cn-north-4/dis/sdk_request`],
    ["v11-dis", () => `${sdkDate().slice(0, 8)}/cn-north-4/dis/sdk_request`],
    ["v11-derived", () => `${sdkDate().slice(0, 8)}/cn-north-4/dis`],
  ] as const)("the %s variant passes", async (variant, scope) => {
    const reply = await call("GET", LIST, { variant, scope: scope() });
    expect(reply.status).toBe(200);
  });

  it("no credential: DIS.4100", async () => {
    expectAuthError(await call("GET", LIST, { unsigned: true }), "DIS.4100");
  });

  it("a malformed Authorization header: DIS.4101", async () => {
    expectAuthError(await call("GET", LIST, { unsigned: true, headers: { authorization: "SDK-HMAC-SHA256 Access=x" } }), "DIS.4101");
  });

  it("an unknown algorithm: DIS.4102", async () => {
    expectAuthError(await call("GET", LIST, { unsigned: true, headers: { authorization: "AWS4-HMAC-SHA256 Credential=x" } }), "DIS.4102");
  });

  it("an unknown access key: DIS.4103", async () => {
    expectAuthError(await call("GET", LIST, { keys: { ak: "NOSUCHKEY00000000000", sk: "x" } }), "DIS.4103");
  });

  it("a wrong secret key: DIS.4104", async () => {
    expectAuthError(await call("GET", LIST, { keys: { ak: DEV_IDENTITY.accessKey, sk: "wrong" } }), "DIS.4104");
  });

  it("a body changed after signing: DIS.4104", async () => {
    const reply = await call("POST", LIST, {
      body: { stream_name: "tampered", partition_count: 1 },
      tamper: (r) => (r.body = r.body.replace("tampered", "tampered2")),
    });
    expectAuthError(reply, "DIS.4104");
  });

  it("a signed header changed after signing: DIS.4104", async () => {
    const reply = await call("GET", LIST, {
      headers: { "x-project-id": PROJECT },
      tamper: (r) => (r.headers["x-project-id"] = "other"),
    });
    expectAuthError(reply, "DIS.4104");
  });

  it("a query changed after signing: DIS.4104", async () => {
    const reply = await call("GET", `${LIST}?limit=5`, { tamper: (r) => r.url.searchParams.set("limit", "6") });
    expectAuthError(reply, "DIS.4104");
  });

  it("a path changed after signing: DIS.4104", async () => {
    const reply = await call("GET", `${LIST}/a`, { tamper: (r) => (r.url.pathname = `${LIST}/b`) });
    expectAuthError(reply, "DIS.4104");
  });

  it("a signed header missing from the request: DIS.4109", async () => {
    const reply = await call("GET", LIST, { headers: { "x-extra": "1" }, tamper: (r) => delete r.headers["x-extra"] });
    expectAuthError(reply, "DIS.4109");
  });

  it("no X-Sdk-Date: DIS.4105", async () => {
    const reply = await call("GET", LIST, { tamper: (r) => delete r.headers["x-sdk-date"] });
    expectAuthError(reply, "DIS.4105");
  });

  it("an X-Sdk-Date 16 minutes old: DIS.4106", async () => {
    expectAuthError(await call("GET", LIST, { date: sdkDate(Date.now() - 16 * 60_000) }), "DIS.4106");
  });

  it("an X-Sdk-Date 14 minutes old still passes", async () => {
    expect((await call("GET", LIST, { date: sdkDate(Date.now() - 14 * 60_000) })).status).toBe(200);
  });

  it("a body that contradicts X-Sdk-Content-Sha256: DIS.4111", async () => {
    const reply = await call("GET", LIST, { headers: { "x-sdk-content-sha256": "0".repeat(64) } });
    expectAuthError(reply, "DIS.4111");
  });

  it("a valid key used on a project of another account: DIS.4117", async () => {
    const reply = await call("GET", `/v2/someoneelse/streams`);
    expect(reply.status).toBe(400);
    expect(errorCodeOf(reply)).toBe("DIS.4117");
  });
});

describe("tokens", () => {
  let token: string;
  beforeAll(async () => {
    token = await devToken();
  });

  it("POST /v3/auth/tokens answers 201 with X-Subject-Token and the IAM body", async () => {
    const reply = await call("POST", "/v3/auth/tokens", {
      unsigned: true,
      body: {
        auth: {
          identity: { methods: ["password"], password: { user: { name: "devuser", password: "devpassword", domain: { name: "devdomain" } } } },
          scope: { project: { name: "devproject" } },
        },
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get("x-subject-token")).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const t = reply.json.token;
    const lifetime = Date.parse(t.expires_at) - Date.parse(t.issued_at);
    expect(lifetime).toBe(24 * 3600 * 1000);
    expect(t.methods).toEqual(["password"]);
    expect(t.project).toEqual({ id: "devproject", name: "devproject", domain: { id: "devdomain-id", name: "devdomain" } });
    expect(t.user).toEqual({ id: "devdomain.devuser", name: "devuser", domain: { id: "devdomain-id", name: "devdomain" } });
    expect(t.roles).toEqual([{ id: "DIS FullAccess", name: "DIS FullAccess" }]);
  });

  it("the token is accepted in X-Auth-Token", async () => {
    expect((await call("GET", LIST, { token })).status).toBe(200);
  });

  it("a wrong password: 401 DIS.4110", async () => {
    const reply = await call("POST", "/v3/auth/tokens", {
      unsigned: true,
      body: {
        auth: {
          identity: { methods: ["password"], password: { user: { name: "devuser", password: "nope", domain: { name: "devdomain" } } } },
          scope: { project: { id: "devproject" } },
        },
      },
    });
    expectAuthError(reply, "DIS.4110");
  });

  it("a request without a project scope: DIS.4200", async () => {
    const reply = await call("POST", "/v3/auth/tokens", {
      unsigned: true,
      body: { auth: { identity: { methods: ["password"], password: { user: { name: "devuser", password: "devpassword", domain: { name: "devdomain" } } } } } },
    });
    expect(reply.status).toBe(400);
    expect(errorCodeOf(reply)).toBe("DIS.4200");
  });

  it("a tampered token: DIS.4107", async () => {
    const [payload, mac] = token.split(".");
    const forged = `${payload}A.${mac}`;
    expectAuthError(await call("GET", LIST, { token: forged }), "DIS.4107");
    expectAuthError(await call("GET", LIST, { token: "garbage" }), "DIS.4107");
  });

  it("an expired token: DIS.4108", async () => {
    const expired = await issueToken(
      { userId: "devdomain.devuser", domainId: "devdomain-id", projectId: PROJECT, issuedAt: Date.now() - 25 * 3600_000, expiresAt: Date.now() - 3600_000 },
      env.AUTH_SECRET,
    );
    expectAuthError(await call("GET", LIST, { token: expired }), "DIS.4108");
  });

  it("a token signed with another secret: DIS.4107", async () => {
    const foreign = await issueToken(
      { userId: "devdomain.devuser", domainId: "devdomain-id", projectId: PROJECT, issuedAt: Date.now(), expiresAt: Date.now() + 3600_000 },
      "another-secret",
    );
    expectAuthError(await call("GET", LIST, { token: foreign }), "DIS.4107");
  });

  it("a token used on another project's path: DIS.4117", async () => {
    const reply = await call("GET", `/v2/otherproject/streams`, { token });
    expect(reply.status).toBe(400);
    expect(errorCodeOf(reply)).toBe("DIS.4117");
  });
});

