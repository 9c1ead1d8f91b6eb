import { describe, expect, it } from "vitest";
import { chunksToSeal, hotWindowOf, moveDue, storageFull } from "../../src/partition/tiering";

const window = { seconds: 3600, bytes: 1000 };
const HOUR = 3600_000;
const now = 10 * HOUR;

describe("the hot window", () => {
  it.each([
    [undefined, undefined, { seconds: 3600, bytes: 1024 ** 3 }],
    ["600", "1048576", { seconds: 600, bytes: 1048576 }],
    ["0", "10", { seconds: 3600, bytes: 1024 ** 3 }],
    ["x", String(64 * 1024 ** 3), { seconds: 3600, bytes: 4 * 1024 ** 3 }],
  ])("settings %s s, %s bytes read as %j", (seconds, bytes, expected) => {
    expect(hotWindowOf(seconds, bytes)).toEqual(expected);
  });

  it.each([
    [null, 5000, null],
    [now - HOUR / 2, 500, now + HOUR / 2 + 60_000],
    [now - 2 * HOUR, 500, now - HOUR + 60_000],
    [now - 60_000, 1001, now],
  ])("a move is due, oldest chunk at %s and %i hot bytes, at %s", (oldest, hotBytes, due) => {
    expect(moveDue(oldest, hotBytes, window, now)).toBe(due);
  });

  it.each([
    // chunks (age in hours, size), hot bytes → how many the next segment takes
    [[[2, 100], [1.5, 100], [0.5, 100]], 300, 2],
    [[[0.5, 100], [0.4, 100]], 200, 0],
    [[[0.5, 400], [0.4, 400], [0.3, 400]], 1200, 1], // over by bytes: down to 900
    [[[0.5, 100], [0.4, 100], [0.3, 1000]], 1200, 3], // still over 900 after two
    [[[2, 100], [0.4, 1000]], 1100, 2],
    [[[2, 100], [0.4, 800]], 900, 1], // by time only
  ])("of %j with %i hot bytes, seals %i", (chunks, hotBytes, count) => {
    const oldestFirst = chunks.map(([hours, size]) => ({ timestamp: now - hours! * HOUR, size: size! }));
    expect(chunksToSeal(oldestFirst, hotBytes, window, now)).toBe(count);
  });

  it("keeps a segment within its maximum size, but takes a larger chunk alone", () => {
    const old = Array.from({ length: 10 }, () => ({ timestamp: 0, size: 300 }));
    expect(chunksToSeal(old, 3000, window, now, 1000)).toBe(3);
    expect(chunksToSeal([{ timestamp: 0, size: 5000 }], 5000, window, now, 1000)).toBe(1);
  });

  it("refuses records from twice the window's bytes on", () => {
    expect(storageFull(1999, window)).toBe(false);
    expect(storageFull(2000, window)).toBe(true);
  });
});
