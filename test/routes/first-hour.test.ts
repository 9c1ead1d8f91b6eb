/**
 * What a newcomer meets in the first hour: no self-lockout, CORS for browsers, health checks,
 * request ids and log lines for failures, 405s that name the methods, errors that guide.
 */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { originAllowed } from "../../src/http/cors";
import { DEV_IDENTITY } from "../../src/identity/provision";
import { call, errorCodeOf, expectError, PROJECT, BASE } from "../helpers/http";
import { b64, cursorFor, newStream } from "../helpers/records";

const LIST = `/v2/${PROJECT}/streams`;
const wrongKeys = { ak: DEV_IDENTITY.accessKey, sk: "wrong" };
const ADMIN = { authorization: "Bearer test-admin-secret" };
const admin = (method: string, path: string) => call(method, `/admin/v1${path}`, { unsigned: true, headers: ADMIN });

afterEach(() => vi.restoreAllMocks());

function preflight(origin: string, headers: Record<string, string> = {}) {
  return call("OPTIONS", LIST, {
    unsigned: true,
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "x-auth-token,content-type", ...headers },
  });
}

describe("CORS", () => {
  it.each([
    ["http://localhost:5173", true],
    ["http://127.0.0.1:8080", true],
    ["https://evil.example", false],
    ["http://localhost.evil.example", false],
  ])("the default origins: %s allowed %s", (origin, allowed) => {
    expect(originAllowed(origin, "http://localhost:*,http://127.0.0.1:*")).toBe(allowed);
  });

  it("answers a preflight from an allowed origin with 204, the methods and the headers clients send", async () => {
    const reply = await preflight("http://localhost:5173");
    expect(reply.status).toBe(204);
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(reply.headers.get("access-control-allow-methods")).toBe("GET,POST,PUT,DELETE");
    const allowed = reply.headers.get("access-control-allow-headers")!.toLowerCase().split(",");
    for (const header of ["x-auth-token", "x-sdk-date", "authorization", "x-project-id", "content-type"]) expect(allowed).toContain(header);
  });

  it("gives a refused origin no CORS headers", async () => {
    const reply = await preflight("https://evil.example");
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    const actual = await call("GET", LIST, { headers: { origin: "https://evil.example" } });
    expect(actual.status).toBe(200);
    expect(actual.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers the actual request from an allowed origin with the headers clients read exposed", async () => {
    const reply = await call("GET", LIST, { headers: { origin: "http://localhost:5173" } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(reply.headers.get("access-control-expose-headers")).toBe("X-Subject-Token,X-Request-Id");
  });

  it("a burst of preflights and failed requests from a browser's address locks nobody out of a local service", async () => {
    const local = { ...env, LOCKOUT_LOOPBACK: "exempt" };
    const send = (init: RequestInit) => app.fetch(new Request(`${BASE}${LIST}`, init), local);
    const browser = { "cf-connecting-ip": "127.0.0.1", origin: "http://localhost:5173" };
    for (let i = 0; i < 30; i++) {
      expect((await send({ method: "OPTIONS", headers: { ...browser, "access-control-request-method": "GET" } })).status).toBe(204);
      expect((await send({ headers: { ...browser, "x-auth-token": "typo" } })).status).toBe(441);
    }
    const token = (await call("POST", "/v3/auth/tokens", { unsigned: true, body: tokenBody() })).headers.get("x-subject-token")!;
    expect((await send({ headers: { ...browser, "x-auth-token": token } })).status).toBe(200);
  });

  it("requests straight to the local service's loopback socket (no front line names their address) are the machine's own", async () => {
    const direct = { ...env, LOCKOUT_LOOPBACK: "exempt", DIRECT_CLIENT_ADDRESS: "127.0.0.1" };
    const send = (init: RequestInit, bindings: typeof env) => app.fetch(new Request(`${BASE}${LIST}`, init), bindings);
    for (let i = 0; i < 25; i++) expect((await send({ headers: { "x-auth-token": "typo" } }, direct)).status).toBe(441);
    const token = (await call("POST", "/v3/auth/tokens", { unsigned: true, body: tokenBody() })).headers.get("x-subject-token")!;
    expect((await send({ headers: { "x-auth-token": token } }, direct)).status).toBe(200);
    // Without the exemption the same address is locked out like any other.
    const deployed = { ...env, DIRECT_CLIENT_ADDRESS: "127.0.0.1" };
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) codes.push(((await (await send({ headers: { "x-auth-token": "typo" } }, deployed)).json()) as { error_code: string }).error_code);
    expect(codes.slice(0, 19).every((c) => c === "DIS.4107")).toBe(true);
    expect(codes.slice(19)).toEqual(["DIS.4309", "DIS.4309"]);
    const cleared = await admin("DELETE", "/lockouts/127.0.0.1");
    expect(cleared.json).toEqual({ address: "127.0.0.1", cleared: true });
  });
});

function tokenBody() {
  return {
    auth: {
      identity: { methods: ["password"], password: { user: { name: DEV_IDENTITY.user, password: DEV_IDENTITY.password, domain: { name: DEV_IDENTITY.domain } } } },
      scope: { project: { id: DEV_IDENTITY.project } },
    },
  };
}

describe("lockouts for operators", () => {
  it("lists locked addresses and clears one, after which correct credentials work again", async () => {
    const address = "198.51.100.23";
    for (let i = 0; i < 20; i++) await call("GET", LIST, { keys: wrongKeys, headers: { "cf-connecting-ip": address } });
    expectError(await call("GET", LIST, { headers: { "cf-connecting-ip": address } }), "DIS.4309");
    // Preflights are answered even for a locked address, and never count.
    expect((await preflight("http://localhost:5173", { "cf-connecting-ip": address })).status).toBe(204);

    const listed = await admin("GET", "/lockouts");
    expect(listed.status).toBe(200);
    const entry = listed.json.lockouts.find((l: { address: string }) => l.address === address);
    expect(entry).toEqual({ address, locked_until: expect.any(String), locked_at: expect.any(String) });
    expect(Date.parse(entry.locked_until)).toBeGreaterThan(Date.now());

    const cleared = await admin("DELETE", `/lockouts/${address}`);
    expect(cleared.json).toEqual({ address, cleared: true });
    expect((await call("GET", LIST, { headers: { "cf-connecting-ip": address } })).status).toBe(200);
    expect((await admin("GET", "/lockouts")).json.lockouts.some((l: { address: string }) => l.address === address)).toBe(false);
    expect((await admin("DELETE", `/lockouts/${address}`)).json).toEqual({ address, cleared: false });
  });

  it("the operators' API is not behind the lockout", async () => {
    const address = "198.51.100.24";
    for (let i = 0; i < 20; i++) await call("GET", LIST, { keys: wrongKeys, headers: { "cf-connecting-ip": address } });
    const reply = await call("GET", "/admin/v1/lockouts", { unsigned: true, headers: { ...ADMIN, "cf-connecting-ip": address } });
    expect(reply.status).toBe(200);
  });
});

describe("health", () => {
  it("answers liveness and readiness without credentials, and never counts toward a lockout", async () => {
    const address = "198.51.100.30";
    for (let i = 0; i < 25; i++) {
      const live = await call("GET", "/health", { unsigned: true, headers: { "cf-connecting-ip": address } });
      expect([live.status, live.json]).toEqual([200, { status: "ok" }]);
    }
    const ready = await call("GET", "/health/ready", { unsigned: true, headers: { "cf-connecting-ip": address } });
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: "ready", checks: { d1: "ok", partition_log: "ok" }, cron_last_run: ready.json.cron_last_run });
    expect(ready.json.cron_last_run === null || !Number.isNaN(Date.parse(ready.json.cron_last_run))).toBe(true);
    expect((await call("GET", LIST, { headers: { "cf-connecting-ip": address } })).status).toBe(200);
  });
});

describe("request ids and log lines", () => {
  it("every answer carries X-Request-Id; a failure logs one structured line with it", async () => {
    const warn = vi.spyOn(console, "log").mockImplementation(() => {});
    const ok = await call("GET", LIST);
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(warn).not.toHaveBeenCalled();

    const failed = await call("GET", `${LIST}/no-such-stream`);
    const id = failed.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toBe(ok.headers.get("x-request-id"));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(warn.mock.calls[0]![0]))).toEqual({
      level: "warn",
      request_id: id,
      method: "GET",
      path: `${LIST}/no-such-stream`,
      operation: "GET /v2/:project_id/streams/:stream_name",
      status: 400,
      error_code: "DIS.4301",
      reason: "The stream does not exist. no-such-stream",
    });
  });

  it("an authentication failure is logged with its code too", async () => {
    const warn = vi.spyOn(console, "log").mockImplementation(() => {});
    const failed = await call("GET", LIST, { keys: wrongKeys });
    expect(failed.status).toBe(441);
    expect(JSON.parse(String(warn.mock.calls[0]![0]))).toMatchObject({ request_id: failed.headers.get("x-request-id"), status: 441, error_code: "DIS.4104" });
  });
});

describe("errors that guide", () => {
  it("a wrong method on a known path is 405 with Allow, in a DIS error body", async () => {
    const reply = await call("PATCH", LIST);
    expectError(reply, "DIS.4050", 405);
    expect(reply.headers.get("allow")).toBe("GET, POST");
    const records = await call("DELETE", `/v2/${PROJECT}/records`);
    expectError(records, "DIS.4050", 405);
    expect(records.headers.get("allow")).toBe("GET, POST");
    expectError(await call("GET", `/v2/${PROJECT}/nothing-here`), "DIS.4040", 404);
  });

  it("answers 405 before authentication, so a client without credentials learns the methods too", async () => {
    const reply = await call("PATCH", `${LIST}/some-stream`, { unsigned: true });
    expectError(reply, "DIS.4050", 405);
    expect(reply.headers.get("allow")).toBe("DELETE, GET, PUT");
    expect((await call("HEAD", LIST, { unsigned: true })).status).toBe(441);
  });

  it("a bad cursor-type names the allowed values", async () => {
    const stream = await newStream(1);
    const reply = await cursorFor(stream, "0", "OLDEST");
    expectError(reply, "DIS.4215");
    expect(reply.json.error_msg).toContain("TRIM_HORIZON, LATEST");
  });

  it("data that is not base64 says so, in the records[0].data path style", async () => {
    const stream = await newStream(1);
    const reply = await call("POST", `/v2/${PROJECT}/records`, { body: { stream_name: stream, records: [{ data: b64("ok") }, { data: "not base64!" }] } });
    expectError(reply, "DIS.4200");
    expect(reply.json.error_msg).toContain("records[1].data: data must be base64");
  });

  it("a protobuf body that does not decode says so, without decoder internals", async () => {
    const reply = await call("POST", `/v2/${PROJECT}/records`, { bytes: new Uint8Array([0xff, 0xff, 0xff]), headers: { "content-type": "application/x-protobuf" } });
    expectError(reply, "DIS.4300");
    expect(reply.json.error_msg).toContain("does not decode as a protobuf PutRecordsRequest");
    expect(errorCodeOf(reply)).toBe("DIS.4300");
  });
});
