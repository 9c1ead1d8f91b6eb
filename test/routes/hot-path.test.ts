import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { b64, cursor, get, newStream, put } from "../helpers/records";

describe("the data plane's hot path", () => {
  it("queries D1 on a cold start and never again while warm", async () => {
    const stream = await newStream(2);
    const prepare = vi.spyOn(env.DB, "prepare");
    try {
      // Cold: the stream's routing is not cached yet.
      expect((await put(stream, [{ data: b64("cold") }])).status).toBe(200);
      expect(prepare.mock.calls.length).toBeGreaterThan(0);

      prepare.mockClear();
      for (let i = 0; i < 5; i++) expect((await put(stream, [{ data: b64(`warm ${i}`) }, { data: b64("x"), partition_key: "k" }])).status).toBe(200);
      const records = await get(await cursor(stream, "0"));
      expect(records.status).toBe(200);
      expect(prepare.mock.calls.length).toBe(0);
    } finally {
      prepare.mockRestore();
    }
  });
});
