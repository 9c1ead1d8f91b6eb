/**
 * Durability across a restart of the whole local service: every put answered 200 is there
 * afterwards, once, and numbering continues. The first run also has traffic control switched
 * off by the operator setting, so a burst far over the partition's limit is taken whole.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalService, type LocalService } from "../../scripts/local-service";
import { requestDevToken } from "./dis-client";

async function token(endpoint: string): Promise<string> {
  const reply = await requestDevToken(endpoint);
  expect(reply.status).toBe(201);
  return reply.headers.get("x-subject-token")!;
}

async function call(endpoint: string, auth: string, method: string, path: string, body?: unknown) {
  const reply = await fetch(`${endpoint}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-auth-token": auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await reply.text();
  return { status: reply.status, json: text ? JSON.parse(text) : undefined };
}

describe("a restarted local service", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "dis-restart-"));
  let service: LocalService | undefined;
  afterAll(async () => {
    await service?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("keeps every acknowledged record, once, and continues the numbering", { timeout: 240_000 }, async () => {
    service = await startLocalService({ stateDir, vars: { TRAFFIC_CONTROL: "off" } });
    let endpoint = service.endpoint;
    let auth = await token(endpoint);
    expect((await call(endpoint, auth, "POST", "/v2/devproject/streams", { stream_name: "durable", partition_count: 1 })).status).toBe(201);

    const record = { data: Buffer.alloc(2000, 7).toString("base64") };
    for (let i = 0; i < 3; i++) {
      const put = await call(endpoint, auth, "POST", "/v2/devproject/records", { stream_name: "durable", records: Array.from({ length: 500 }, () => record) });
      expect(put.status).toBe(200);
      expect(put.json.failed_record_count).toBe(0);
    }

    await service.stop();
    service = await startLocalService({ stateDir });
    endpoint = service.endpoint;
    auth = await token(endpoint);

    const cursor = await call(endpoint, auth, "GET", "/v2/devproject/cursors?stream-name=durable&partition-id=0&cursor-type=TRIM_HORIZON");
    expect(cursor.status).toBe(200);
    const got = await call(endpoint, auth, "GET", `/v2/devproject/records?max_fetch_bytes=10485760&partition-cursor=${encodeURIComponent(cursor.json.partition_cursor)}`);
    expect(got.status).toBe(200);
    expect(got.json.records.map((r: { sequence_number: string }) => Number(r.sequence_number))).toEqual(Array.from({ length: 1500 }, (_, i) => i));
    expect(got.json.records.every((r: { data: string }) => r.data === record.data)).toBe(true);

    const more = await call(endpoint, auth, "POST", "/v2/devproject/records", { stream_name: "durable", records: [record] });
    expect(more.json.records[0].sequence_number).toBe("1500");
  });
});
