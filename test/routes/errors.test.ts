import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { call, errorCodeOf, PROJECT } from "../helpers/http";

describe("error model", () => {
  it("unknown paths answer 404 with a DIS body", async () => {
    const reply = await call("GET", "/nothing/here", { unsigned: true });
    expect(reply.status).toBe(404);
    expect(errorCodeOf(reply)).toBe("DIS.4040");
  });

  it("unknown operations under a project answer 404 after authentication", async () => {
    const reply = await call("GET", `/v2/${PROJECT}/nothing`);
    expect(reply.status).toBe(404);
    expect(errorCodeOf(reply)).toBe("DIS.4040");
  });

  it("malformed JSON is DIS.4300", async () => {
    const reply = await call("POST", `/v2/${PROJECT}/streams`, { raw: "{not json" });
    expect(reply.status).toBe(400);
    expect(errorCodeOf(reply)).toBe("DIS.4300");
  });

  it("an empty body is DIS.4202", async () => {
    const reply = await call("POST", `/v2/${PROJECT}/streams`, { raw: "" });
    expect(reply.status).toBe(400);
    expect(errorCodeOf(reply)).toBe("DIS.4202");
  });

  it("a JSON array body is DIS.4200", async () => {
    const reply = await call("POST", `/v2/${PROJECT}/streams`, { raw: "[1]" });
    expect(reply.status).toBe(400);
    expect(errorCodeOf(reply)).toBe("DIS.4200");
  });

  it("wrong types are DIS.4200 naming the field", async () => {
    const reply = await call("POST", `/v2/${PROJECT}/streams`, { body: { stream_name: "x", partition_count: "one" } });
    expect(reply.status).toBe(400);
    expect(errorCodeOf(reply)).toBe("DIS.4200");
    expect(reply.json.error_msg).toContain("partition_count");
  });

  it("error bodies carry both spellings and no stack trace", async () => {
    const reply = await call("GET", `/v2/${PROJECT}/streams/does-not-exist`);
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.json).sort()).toEqual(["errorCode", "error_code", "error_msg", "message"]);
    expect(reply.json.error_code).toBe("DIS.4301");
    expect(reply.text).not.toMatch(/at .*\.ts|Error:/);
  });
});

describe("unexpected failures", () => {
  it("answer 500 DIS.5000 without a stack trace", async () => {
    const broken = { ...env, DB: undefined as unknown as D1Database };
    const request = new Request("https://dis.local.test/v3/auth/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        auth: {
          identity: { methods: ["password"], password: { user: { name: "u", password: "p", domain: { name: "d" } } } },
          scope: { project: { id: "devproject" } },
        },
      }),
    });
    const response = await app.fetch(request, broken);
    expect(response.status).toBe(500);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({ error_code: "DIS.5000", error_msg: "System error.", errorCode: "DIS.5000", message: "System error." });
  });
});
