import { describe, expect, it } from "vitest";
import { CURSOR_LIFETIME_MS, decodeCursor, encodeBinaryCursor, encodeCursor, MAX_CURSOR_LENGTH } from "../../src/records/cursor";

const SECRET = "cursor-test-secret";
const cursor = { granted: true, projectId: "p".repeat(64), streamId: "AbCdEfGhIjKlMnOpQrSt", partitionIndex: 7, sequence: 123456789012, issuedAt: 1_700_000_000_000 };

describe("cursor codec", () => {
  it("round-trips and stays within 512 characters", async () => {
    const text = await encodeCursor(cursor, SECRET);
    expect(text.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(await decodeCursor(text, SECRET, cursor.issuedAt + 1000)).toEqual({ ok: true, cursor });
  });

  it("expires after 5 minutes: DIS.4225", async () => {
    const text = await encodeCursor(cursor, SECRET);
    expect(await decodeCursor(text, SECRET, cursor.issuedAt + CURSOR_LIFETIME_MS + 1)).toEqual({ ok: false, code: "DIS.4225" });
  });

  it.each([
    ["another secret", async (t: string) => (await decodeCursor(t, "other", cursor.issuedAt)).ok],
    ["a changed payload", async (t: string) => {
      const flipped = t.slice(0, 10) + (t[10] === "B" ? "C" : "B") + t.slice(11);
      return (await decodeCursor(flipped, SECRET, cursor.issuedAt)).ok;
    }],
    ["a changed mac", async (t: string) => (await decodeCursor(t.slice(0, -2) + "AA", SECRET, cursor.issuedAt)).ok],
    ["garbage", async () => (await decodeCursor("not-a-cursor", SECRET, cursor.issuedAt)).ok],
    ["too long", async () => (await decodeCursor("a".repeat(600), SECRET, cursor.issuedAt)).ok],
  ])("refuses %s", async (_label, check) => {
    expect(await check(await encodeCursor(cursor, SECRET))).toBe(false);
  });
});

describe("cursor shape", () => {
  const open = (text: string) => JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/")));
  const seal = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  it("is base64url JSON with the two keys the Kafka adapter reads, the position as a decimal string", async () => {
    const text = await encodeCursor(cursor, SECRET);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    const value = open(text);
    expect(Object.keys(value)).toEqual(["getIteratorParam", "generateTimestamp"]);
    expect(value.generateTimestamp).toBe(cursor.issuedAt);
    expect(value.getIteratorParam).toEqual({
      "stream-id": cursor.streamId,
      "partition-id": "shardId-0000000007",
      "cursor-type": "AT_SEQUENCE_NUMBER",
      "starting-sequence-number": "123456789012",
      "project-id": cursor.projectId,
      granted: 1,
      mac: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
  });

  it.each([
    ["starting-sequence-number", "5"],
    ["partition-id", "shardId-0000000008"],
    ["stream-id", "AbCdEfGhIjKlMnOpQrSu"],
    ["project-id", "q".repeat(64)],
    ["granted", 0],
  ])("a changed %s is DIS.4217", async (field, value) => {
    const opened = open(await encodeCursor(cursor, SECRET));
    opened.getIteratorParam[field] = value;
    expect(await decodeCursor(seal(opened), SECRET, cursor.issuedAt)).toEqual({ ok: false, code: "DIS.4217" });
  });

  it("a changed issue time is DIS.4217, so an expired cursor cannot be renewed", async () => {
    const opened = open(await encodeCursor(cursor, SECRET));
    opened.generateTimestamp = cursor.issuedAt + 60_000;
    expect(await decodeCursor(seal(opened), SECRET, cursor.issuedAt)).toEqual({ ok: false, code: "DIS.4217" });
  });

  it("cursors of the earlier binary form are still read until they expire", async () => {
    const text = await encodeBinaryCursor(cursor, SECRET);
    expect(text).toContain(".");
    expect(await decodeCursor(text, SECRET, cursor.issuedAt + 1000)).toEqual({ ok: true, cursor });
    expect(await decodeCursor(text, SECRET, cursor.issuedAt + CURSOR_LIFETIME_MS + 1)).toEqual({ ok: false, code: "DIS.4225" });
  });
});
