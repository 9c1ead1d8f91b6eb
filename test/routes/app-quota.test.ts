import { describe, expect, it } from "vitest";
import { call, errorCodeOf, PROJECT } from "../helpers/http";

describe("app quota", () => {
  it("refuses the app past the project's quota with DIS.4329", async () => {
    for (let i = 0; i < 100; i++) {
      const reply = await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: `quota-${i}` } });
      expect(reply.status).toBe(201);
    }
    const over = await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: "quota-over" } });
    expect(over.status).toBe(400);
    expect(errorCodeOf(over)).toBe("DIS.4329");
    expect((await call("DELETE", `/v2/${PROJECT}/apps/quota-0`)).status).toBe(204);
    expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: "quota-over" } })).status).toBe(201);
  });
});
