/**
 * A real browser (Debian's Chromium, driven by Playwright) as a DIS client: a page of the service's
 * origin takes a token and subscribes to records over a WebSocket, offering the token as a
 * subprotocol, as browsers must (they cannot set headers on a WebSocket).
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEV, disClient, send } from "./dis-client";

const CHROMIUM = "/usr/bin/chromium";
const owner = disClient();
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("a browser page against the local service", () => {
  it("subscribes to a partition with a token offered as a subprotocol, and gets records as they are put", async () => {
    const stream = `e2e-browser-${Date.now().toString(36)}`;
    expect((await send(owner, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: stream, partition_count: 1 } })).httpStatusCode).toBe(201);
    const page = await browser.newPage();
    await page.goto(`${inject("disEndpoint")}/health`);

    // In the page: a token from POST /v3/auth/tokens, then the subscription; frames are kept on window.
    const protocol = await page.evaluate(
      async ({ stream, project }) => {
        const answer = await fetch("/v3/auth/tokens", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            auth: { identity: { methods: ["password"], password: { user: { name: "devuser", password: "devpassword", domain: { name: "devdomain" } } } }, scope: { project: { id: project } } },
          }),
        });
        const token = answer.headers.get("x-subject-token");
        // The page's globals (this file is typed for Node).
        const page = globalThis as unknown as { location: { host: string }; frames_: unknown[] };
        const frames: unknown[] = [];
        page.frames_ = frames;
        const socket = new WebSocket(`ws://${page.location.host}/v2/${project}/records/subscribe?stream-name=${stream}&partition-id=0`, ["dis-records", `dis-token.${token}`]);
        socket.addEventListener("message", (event: { data: unknown }) => {
          const frame = JSON.parse(event.data as string) as { type: string; records?: { sequence_number: string }[] };
          frames.push(frame);
          if (frame.type === "records") socket.send(JSON.stringify({ action: "ack", sequence_number: frame.records!.at(-1)!.sequence_number }));
        });
        await new Promise((resolve, reject) => {
          socket.addEventListener("open", resolve);
          socket.addEventListener("error", reject);
        });
        while (frames.length === 0) await new Promise((r) => setTimeout(r, 10));
        return socket.protocol;
      },
      { stream, project: DEV.project },
    );
    expect(protocol).toBe("dis-records");

    for (const text of ["from", "the", "browser's", "view"]) {
      await send(owner, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, records: [{ data: Buffer.from(text).toString("base64") }] } });
    }
    await page.waitForFunction(() => (globalThis as unknown as { frames_: { type: string; records?: unknown[] }[] }).frames_.flatMap((f) => f.records ?? []).length >= 4);
    const frames = (await page.evaluate(() => (globalThis as unknown as { frames_: unknown[] }).frames_)) as { type: string; records?: { data: string; sequence_number: string }[] }[];
    expect(frames[0]).toEqual({ type: "subscribed", partition_id: "shardId-0000000000", sequence_number: "0", window: 4 });
    const records = frames.flatMap((f) => f.records ?? []);
    expect(records.map((r) => Buffer.from(r.data, "base64").toString())).toEqual(["from", "the", "browser's", "view"]);
    expect(records.map((r) => r.sequence_number)).toEqual(["0", "1", "2", "3"]);
    await page.close();
  });
});
