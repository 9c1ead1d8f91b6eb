import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { call, PROJECT } from "../helpers/http";
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

  it("commits checkpoints without D1 once warm", async () => {
    const stream = await newStream();
    const app = `hot-${Date.now().toString(36)}`;
    expect((await call("POST", `/v2/${PROJECT}/apps`, { body: { app_name: app } })).status).toBe(201);
    await put(stream, [{ data: b64("a") }, { data: b64("b") }]);
    const commit = (sequence: string) =>
      call("POST", `/v2/${PROJECT}/checkpoints`, { body: { app_name: app, stream_name: stream, partition_id: "0", sequence_number: sequence, checkpoint_type: "LAST_READ" } });
    expect((await commit("0")).status).toBe(201);
    const prepare = vi.spyOn(env.DB, "prepare");
    try {
      for (const sequence of ["1", "2", "1"]) expect((await commit(sequence)).status).toBe(201);
      expect(prepare.mock.calls.length).toBe(0);
    } finally {
      prepare.mockRestore();
    }
  });
});
