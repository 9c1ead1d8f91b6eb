/**
 * The web console in a real browser (Debian's Chromium, driven by Playwright) against the local
 * service: sign-in, a stream made and fed from the forms, its records in the three renderings and
 * followed live, its metrics, an app's lag, a transfer task's delivered object, a read-only user
 * refused, sign-out. Screenshots of each page go to build/screenshots/ for a reviewer to look at.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEV_IDENTITY, DEV_READER } from "../../src/identity/dev-identities";
import { disClient, send } from "./dis-client";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(import.meta.dirname, "..", "..", "build", "screenshots");
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install chromium)`);
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, who: { user: string; password: string; domain: string; project: string }): Promise<void> {
  await page.goto(`${inject("disEndpoint")}/console`);
  const form = page.getByRole("form", { name: "sign in" });
  await form.getByLabel("User").fill(who.user);
  await form.getByLabel("Password").fill(who.password);
  await form.getByLabel("Domain (account)").fill(who.domain);
  await form.getByLabel("Project").fill(who.project);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.getByLabel("signed in as").textContent()).toContain(who.user);
}

/** No part of the page is wider than the screen. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
    return doc.documentElement.scrollWidth <= doc.documentElement.clientWidth;
  });
}

describe("the web console", () => {
  it("serves its page at /console with no script or style from elsewhere", async () => {
    const answer = await fetch(`${inject("disEndpoint")}/console/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await answer.text();
    expect(html).toContain('<script type="module" src="app.js">');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("signs in, makes and feeds a stream, shows its records, metrics, consumers and deliveries, and signs out", { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const stream = `console-${Date.now().toString(36)}`;
    await page.goto(`${inject("disEndpoint")}/console`);
    await shot(page, "01-sign-in");
    await signIn(page, DEV_IDENTITY);

    // Create a stream from the form.
    await page.getByRole("button", { name: "Create stream" }).click();
    const create = page.getByRole("form", { name: "create stream" });
    await create.getByLabel("Name").fill("bad name!");
    await create.getByRole("button", { name: "Create" }).click();
    await expect.poll(() => create.getByRole("alert").textContent()).toContain("Name: 1-64 letters");
    await create.getByLabel("Name").fill(stream);
    await create.getByLabel("Partitions").fill("2");
    await create.getByRole("textbox", { name: /^Tags/ }).fill("site=paris");
    await create.getByRole("button", { name: "Create" }).click();
    await page.getByRole("link", { name: stream }).waitFor();
    await page.getByLabel("Search by name").fill(stream);
    await expect.poll(() => page.getByRole("link", { name: stream }).count()).toBe(1);
    await shot(page, "02-streams");

    // A transfer task first: its first delivery is one interval (30 s) after its creation.
    await page.getByRole("link", { name: stream }).click();
    await page.getByRole("link", { name: "Transfer tasks" }).click();
    await page.getByRole("button", { name: "Create OBS task" }).click();
    const task = page.getByRole("form", { name: "create OBS task" });
    await task.getByLabel("Task name").fill("console_task");
    await task.getByLabel("File prefix").fill(stream.replace(/-/g, "_"));
    await task.getByLabel("Interval (seconds)").fill("30");
    await task.getByLabel("Start from").selectOption("TRIM_HORIZON");
    await task.getByRole("button", { name: "Create task" }).click();
    await page.getByRole("article", { name: "task console_task" }).waitFor();

    // Put a test record from the form, then read it back in the three renderings.
    await page.getByRole("link", { name: "Records" }).click();
    const putForm = page.getByRole("form", { name: "put a test record" });
    await putForm.getByLabel("Data (UTF-8)").fill('{"device":"d1","temp":21.5}');
    await putForm.getByLabel("Partition key (optional)").fill("d1");
    await putForm.getByRole("button", { name: "Put" }).click();
    const stored = await putForm.getByRole("status").textContent();
    const partition = /partition (shardId-\d+)/.exec(stored ?? "")?.[1];
    expect(partition, stored ?? "").toBeTruthy();
    await page.getByLabel("partition", { exact: true }).selectOption(partition!);
    await page.getByLabel("cursor type").selectOption("TRIM_HORIZON");
    await page.getByRole("button", { name: "Read", exact: true }).click();
    const first = page.locator(".record").first();
    await expect.poll(() => first.locator("pre").textContent()).toBe('{"device":"d1","temp":21.5}');
    expect(await first.locator(".meta").textContent()).toContain("key d1");
    await page.getByRole("radio", { name: "JSON" }).check();
    expect(await first.locator("pre").textContent()).toBe('{\n  "device": "d1",\n  "temp": 21.5\n}');
    await page.getByRole("radio", { name: "hex" }).check();
    expect(await first.locator("pre").textContent()).toMatch(/^000000 {2}7b 22 64 65 76 69 63 65/);
    await page.getByRole("radio", { name: "UTF-8" }).check();

    // Follow mode: a record put meanwhile shows up by itself.
    await page.getByLabel("Follow").check();
    await expect.poll(() => page.locator(".check .muted").textContent()).toContain("push");
    const owner = disClient();
    const put = await send(owner, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, records: [{ data: Buffer.from("followed").toString("base64"), partition_key: "d1" }] } });
    expect(put.failed_record_count).toBe(0);
    await expect.poll(() => page.locator(".record pre").allTextContents(), { timeout: 10_000 }).toEqual(['{"device":"d1","temp":21.5}', "followed"]);
    await shot(page, "04-records");

    // The shown records as JSON lines.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download JSON lines" }).click()]);
    const lines = readFileSync((await download.path())!, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.data)).toEqual(['{"device":"d1","temp":21.5}', "followed"]);
    expect(lines[0]).toMatchObject({ sequence_number: "0", partition_key: "d1" });
    await page.getByLabel("Follow").uncheck();

    // The overview: partitions and the puts in the records chart.
    await page.getByRole("link", { name: "Overview" }).click();
    const partitions = page.getByRole("region", { name: "partitions" });
    await expect.poll(() => partitions.locator("tbody tr").count()).toBe(2);
    expect(await partitions.textContent()).toContain("[0 : 9223372036854775807]".slice(0, 4));
    const records = page.locator('[data-chart="Put and get records/s"]');
    await expect.poll(async () => Number(await records.getAttribute("data-points")), { timeout: 30_000, interval: 1_000 }).toBeGreaterThan(0);
    await page.locator(".chart canvas").first().waitFor();
    await shot(page, "03-stream");

    // On a phone-sized screen nothing is wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole("link", { name: "Records" }).click();
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, "05-records-phone");
    await page.setViewportSize({ width: 1280, height: 900 });

    // An app and its lag: no checkpoint yet, so both records are behind.
    await page.getByRole("link", { name: "Consumers" }).click();
    const app = `console_app_${Date.now().toString(36)}`;
    await page.getByRole("form", { name: "create app" }).getByLabel("New app").fill(app);
    await page.getByRole("button", { name: "Create app" }).click();
    // Consuming states name partitions by their index.
    const index = String(Number(partition!.split("-")[1]));
    const row = page.locator(`tr[data-app="${app}"][data-partition="${index}"]`);
    await expect.poll(() => row.getAttribute("data-behind"), { timeout: 15_000 }).toBe("2");
    expect(await row.textContent()).toContain("none");
    // More records: the lag grows, and is marked so; a checkpoint at the newest record clears it.
    expect((await send(owner, { method: "POST", url: "/v2/{project_id}/records", data: { stream_name: stream, records: [{ data: Buffer.from("third").toString("base64"), partition_key: "d1" }] } })).failed_record_count).toBe(0);
    await expect.poll(() => row.getAttribute("data-behind"), { timeout: 25_000 }).toBe("3");
    expect(await row.getAttribute("class")).toBe("growing");
    expect(await row.textContent()).toMatch(/growing/);
    await shot(page, "06-consumers");
    const commit = await send(owner, { method: "POST", url: "/v2/{project_id}/checkpoints", data: { app_name: app, checkpoint_type: "LAST_READ", stream_name: stream, partition_id: partition, sequence_number: "2" } });
    expect(commit.httpStatusCode).toBe(201);
    await expect.poll(() => row.getAttribute("data-behind"), { timeout: 25_000 }).toBe("0");
    expect(await row.locator("td").nth(2).textContent()).toBe("2");

    // The task delivered the records: its object, previewed.
    await page.getByRole("link", { name: "Transfer tasks" }).click();
    const article = page.getByRole("article", { name: "task console_task" });
    const object = article.locator(".objects button.link").first();
    await object.waitFor({ timeout: 90_000 });
    await object.click();
    await expect.poll(() => page.getByRole("figure", { name: "object preview" }).locator("pre").textContent()).toContain('{"device":"d1","temp":21.5}\nfollowed');
    await shot(page, "07-tasks");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("form", { name: "sign in" }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length)).toBe(0);
    await page.close();
  });

  it("updates, tags, shares, scales and deletes a stream from its settings", { timeout: 90_000 }, async () => {
    const owner = disClient();
    const stream = `console-set-${Date.now().toString(36)}`;
    expect((await send(owner, { method: "POST", url: "/v2/{project_id}/streams", data: { stream_name: stream, partition_count: 1 } })).httpStatusCode).toBe(201);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, DEV_IDENTITY);
    await page.goto(`${inject("disEndpoint")}/console/#/streams/${stream}/settings`);

    const update = page.getByRole("form", { name: "update stream" });
    await update.getByLabel("Retention (hours)").fill("200");
    await update.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => update.getByRole("alert").textContent()).toContain("Retention: 24-168 hours.");
    await update.getByLabel("Retention (hours)").fill("48");
    await update.getByRole("button", { name: "Save" }).click();
    await update.getByRole("status").waitFor();
    expect((await send(owner, { method: "GET", url: `/v2/{project_id}/streams/${stream}` })).retention_period).toBe(48);

    const tags = page.getByRole("region", { name: "tags" });
    await tags.getByLabel("Key").fill("site");
    await tags.getByLabel("Value").fill("lyon");
    await tags.getByRole("button", { name: "Add tag" }).click();
    await expect.poll(() => tags.locator(".badge").allTextContents()).toEqual(["site=lyon"]);
    await tags.getByRole("button", { name: "remove tag site" }).click();
    await expect.poll(() => tags.locator(".badge").count()).toBe(0);

    const policies = page.getByRole("region", { name: "policies" });
    await policies.getByLabel("Principals").fill("devdomain2.*");
    await policies.getByRole("button", { name: "Grant" }).click();
    await expect.poll(() => policies.locator("li").allTextContents()).toEqual(["devdomain2.*: getRecords (accept)"]);

    const scale = page.getByRole("form", { name: "scale stream" });
    await scale.getByLabel("Writable partitions").fill("2");
    await scale.getByRole("button", { name: "Change partition count" }).click();
    await expect.poll(async () => (await send(owner, { method: "GET", url: `/v2/{project_id}/streams/${stream}` })).writable_partition_count).toBe(2);
    await shot(page, "09-settings");

    const remove = page.getByRole("region", { name: "delete stream" });
    await remove.getByRole("button", { name: "Delete stream" }).click();
    const confirm = remove.getByRole("button", { name: "Confirm" });
    expect(await confirm.isDisabled()).toBe(true);
    await remove.getByLabel("confirmation").fill(stream);
    await confirm.click();
    await page.getByRole("heading", { name: "Streams", exact: true }).waitFor();
    const gone = await send(owner, { method: "GET", url: `/v2/{project_id}/streams/${stream}` }).then(
      () => null,
      (error: unknown) => error as { httpStatusCode: number; errorCode: string },
    );
    expect(gone).toMatchObject({ httpStatusCode: 400, errorCode: "DIS.4301" });
    await page.close();
  });

  it("shows a read-only user the refusal of what it may not do", { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, DEV_READER);
    await page.getByRole("button", { name: "Create stream" }).click();
    const create = page.getByRole("form", { name: "create stream" });
    await create.getByLabel("Name").fill(`reader-${Date.now().toString(36)}`);
    await create.getByRole("button", { name: "Create" }).click();
    await expect.poll(() => create.getByRole("alert").textContent()).toMatch(/^DIS\.4116 /);
    await shot(page, "08-read-only-refused");
    await page.close();
  });

  it("refuses a wrong password with the service's message", { timeout: 30_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${inject("disEndpoint")}/console`);
    const form = page.getByRole("form", { name: "sign in" });
    await form.getByLabel("User").fill(DEV_IDENTITY.user);
    await form.getByLabel("Password").fill("wrong");
    await form.getByLabel("Domain (account)").fill(DEV_IDENTITY.domain);
    await form.getByLabel("Project").fill(DEV_IDENTITY.project);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/^DIS\.4110 /);
    await page.close();
  });
});
