import { describe, expect, it } from "vitest";
import { checkpointPosition, startPosition, type PositionRequest } from "../../src/partition/positions";

const range = { earliest: 10, next: 20 };
/** A log whose record n was written at time 1000 + n. */
const atTimestamp = (t: number) => Math.min(Math.max(t - 1000, range.earliest), range.next);

describe("cursor start positions", () => {
  it.each<[PositionRequest, number | string]>([
    [{ type: "TRIM_HORIZON" }, 10],
    [{ type: "LATEST" }, 20],
    [{ type: "AT_SEQUENCE_NUMBER", sequence: 10 }, 10],
    [{ type: "AT_SEQUENCE_NUMBER", sequence: 15 }, 15],
    [{ type: "AT_SEQUENCE_NUMBER", sequence: 20 }, 20],
    [{ type: "AT_SEQUENCE_NUMBER", sequence: 9 }, "DIS.4224"],
    [{ type: "AT_SEQUENCE_NUMBER", sequence: 21 }, "DIS.4224"],
    [{ type: "AT_SEQUENCE_NUMBER" }, "DIS.4224"],
    [{ type: "AFTER_SEQUENCE_NUMBER", sequence: 9 }, 10],
    [{ type: "AFTER_SEQUENCE_NUMBER", sequence: 15 }, 16],
    [{ type: "AFTER_SEQUENCE_NUMBER", sequence: 19 }, 20],
    [{ type: "AFTER_SEQUENCE_NUMBER", sequence: 8 }, "DIS.4224"],
    [{ type: "AFTER_SEQUENCE_NUMBER", sequence: 20 }, "DIS.4224"],
    [{ type: "AT_TIMESTAMP", timestamp: 1013 }, 13],
    [{ type: "AT_TIMESTAMP", timestamp: 0 }, 10],
    [{ type: "AT_TIMESTAMP", timestamp: 99_999 }, 20],
  ])("%j in [10 : 20] starts at %s", (request, expected) => {
    const result = startPosition(request, range, atTimestamp);
    if (typeof expected === "number") expect(result).toEqual({ ok: true, value: expected });
    else expect(result).toMatchObject({ ok: false, code: expected, detail: expect.stringContaining("[10 : 20]") });
  });

  it("an empty log starts every cursor at 0 and takes only sequence number 0", () => {
    const empty = { earliest: 0, next: 0 };
    expect(startPosition({ type: "TRIM_HORIZON" }, empty, () => 0)).toEqual({ ok: true, value: 0 });
    expect(startPosition({ type: "LATEST" }, empty, () => 0)).toEqual({ ok: true, value: 0 });
    expect(startPosition({ type: "AT_SEQUENCE_NUMBER", sequence: 0 }, empty, () => 0)).toEqual({ ok: true, value: 0 });
    expect(startPosition({ type: "AFTER_SEQUENCE_NUMBER", sequence: 0 }, empty, () => 0)).toMatchObject({ ok: false, code: "DIS.4224" });
  });
});

describe("checkpoint positions", () => {
  it.each([
    [10, true],
    [20, true],
    [9, false],
    [21, false],
  ])("%i in [10 : 20]: %s", (sequence, ok) => {
    expect(checkpointPosition(sequence, range).ok).toBe(ok);
    if (!ok) expect(checkpointPosition(sequence, range)).toMatchObject({ code: "DIS.4224", detail: `${sequence} is outside [10 : 20].` });
  });
});
