import { describe, expect, it } from "vitest";
import { CURSOR_LIFETIME_MS, decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from "../../src/records/cursor";

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
