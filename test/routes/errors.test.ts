import { describe, expect, it } from "vitest";
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
