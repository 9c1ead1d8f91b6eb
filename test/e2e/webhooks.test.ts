/**
 * Event subscriptions end to end: a webhook receiver in this test, the service (its own
 * instance, with quick retries and a pause after four failures in a row) delivering signed
 * events to it, in order, again after failures, and pausing when the receiver keeps failing.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedFetch } from "../../scripts/bench-targets";
import { startLocalService, type LocalService } from "../../scripts/local-service";

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  answered: number;
}

/** Receives webhooks; answers 500 to the next `failNext` of them, 204 to the others. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  failNext = 0;
  private server!: Server;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const answered = this.failNext > 0 ? 500 : 204;
        if (this.failNext > 0) this.failNext -= 1;
        this.deliveries.push({ headers: req.headers, body, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The delivered (2xx) events' types, in the order they arrived. */
  delivered(): string[] {
    return this.deliveries.filter((d) => d.answered === 204).map((d) => JSON.parse(d.body).event_type);
  }

  async until(check: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 150; i++) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${what}: ${JSON.stringify(this.deliveries.map((d) => [d.answered, d.body]))}`);
  }
}

/** The check a receiver makes: HMAC-SHA256 of `<timestamp>.<body>` with the subscription's secret. */
function verified(secret: string, d: Delivery): boolean {
  const timestamp = String(d.headers["x-dis-timestamp"]);
  const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${d.body}`).digest("hex")}`;
  const given = String(d.headers["x-dis-signature"]);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe("event subscriptions deliver to a webhook", () => {
  let service: LocalService;
  const receiver = new Receiver();
  const api = (method: string, path: string, body?: unknown) =>
    signedFetch(service.endpoint, method, path.replace("{p}", "devproject"), body === undefined ? "" : JSON.stringify(body)).then(async (r) => {
      const text = await r.text();
      return text ? JSON.parse(text) : null;
    });

  beforeAll(async () => {
    [service] = await Promise.all([startLocalService({ vars: { EVENT_SUB_RETRY_BASE_MS: "200", EVENT_SUB_MAX_FAILURES: "4" } }), receiver.start()]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([service?.stop(), receiver.stop()]);
  });

  it("signed, in order, again after failures; paused after four in a row, resumed by an update", async () => {
    const sub = await api("POST", "/v1/{p}/event-subs", { name: "hook", event_types: ["STREAM_CREATED", "APP_CREATED", "STREAM_DELETED"], webhook_url: receiver.url });
    expect(sub.secret).toMatch(/^[0-9a-f]{64}$/);

    const stream = `hooked-${Date.now().toString(36)}`;
    await api("POST", "/v2/{p}/streams", { stream_name: stream, partition_count: 1 });
    await api("PUT", `/v3/{p}/streams/${stream}`, { stream_name: stream, data_duration: 48 });
    await receiver.until(() => receiver.delivered().length === 1, "first delivery");
    const [first] = receiver.deliveries;
    expect(verified(sub.secret, first!)).toBe(true);
    expect(verified("0".repeat(64), first!)).toBe(false);
    expect(first!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(first!.body)).toEqual({
      event_id: expect.any(String),
      event_type: "STREAM_CREATED",
      level: "info",
      project_id: "devproject",
      resource_type: "stream",
      resource_id: expect.any(String),
      resource_name: stream,
      time: expect.any(Number),
      detail: { partition_count: 1, stream_type: "COMMON" },
      subscription_id: sub.sub_id,
    });

    // Two failures: the app's event is retried, and the stream's deletion waits behind it.
    receiver.failNext = 2;
    await api("POST", "/v2/{p}/apps", { app_name: `hooked-app-${Date.now().toString(36)}` });
    await api("DELETE", `/v2/{p}/streams/${stream}`);
    await receiver.until(() => receiver.delivered().length === 3, "deliveries after the failures");
    expect(receiver.delivered()).toEqual(["STREAM_CREATED", "APP_CREATED", "STREAM_DELETED"]);
    expect(receiver.deliveries.map((d) => [JSON.parse(d.body).event_type, d.answered])).toEqual([
      ["STREAM_CREATED", 204],
      ["APP_CREATED", 500],
      ["APP_CREATED", 500],
      ["APP_CREATED", 204],
      ["STREAM_DELETED", 204],
    ]);
    for (const d of receiver.deliveries) expect(verified(sub.secret, d)).toBe(true);
    const healthy = (await api("GET", "/v1/{p}/event-subs")).event_subs[0];
    expect(healthy).toMatchObject({ state: "ACTIVE", delivery: { consecutive_failures: 0, last_error: null, last_success_time: expect.any(Number) } });

    // A receiver that keeps failing: four attempts, then the subscription pauses and says why.
    receiver.failNext = 1000;
    const attempts = receiver.deliveries.length;
    const next = `hooked-${Date.now().toString(36)}-2`;
    await api("POST", "/v2/{p}/streams", { stream_name: next, partition_count: 1 });
    let described: Record<string, any> = {};
    for (let i = 0; i < 100 && described.state !== "PAUSED"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      described = (await api("GET", "/v1/{p}/event-subs")).event_subs[0];
    }
    expect(described).toMatchObject({ state: "PAUSED", delivery: { consecutive_failures: 4, last_error: "HTTP 500", paused_reason: "4 deliveries in a row failed" } });
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.deliveries.length - attempts).toBe(4);

    // Updating it resumes from the event that failed.
    receiver.failNext = 0;
    expect((await api("PUT", `/v1/{p}/event-subs/${sub.sub_id}`, { enabled: true })).state).toBe("ACTIVE");
    await receiver.until(() => receiver.delivered().length === 4, "the delivery after resuming");
    expect(JSON.parse(receiver.deliveries.at(-1)!.body)).toMatchObject({ event_type: "STREAM_CREATED", resource_name: next });
  });
});
