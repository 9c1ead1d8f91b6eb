import { describe, expect, it } from "vitest";
import { openTsdbSchema, type OpenTsdbSchema } from "../../src/transfers/destinations/cloudtable/descriptor";
import { pointsOf } from "../../src/transfers/destinations/cloudtable/points";

const schema = (entries: unknown[]): OpenTsdbSchema => openTsdbSchema.parse(entries);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const reading = schema([
  {
    metric: [
      { type: "Constant", value: "sensor" },
      { type: "String", value: "kind" },
    ],
    timestamp: { type: "Timestamp", value: "ts" },
    value: { type: "Double", value: "v" },
    tags: [
      { name: "device", type: "String", value: "dev" },
      { name: "floor", type: "Bigint", value: "floor" },
    ],
  },
]);

describe("OpenTSDB points from JSON records", () => {
  it("joins metric parts with '.', takes a Timestamp as it is, and writes tags as text", () => {
    expect(pointsOf(reading, json({ kind: "temp", ts: 1_900_000_000_000, v: 21.5, dev: "d-1", floor: 3 }))).toEqual([
      { metric: "sensor.temp", timestamp: 1_900_000_000_000, value: 21.5, tags: { device: "d-1", floor: "3" } },
    ]);
    expect(pointsOf(reading, json({ kind: "temp", ts: "1900000001", v: "7", dev: "d-1", floor: "3" }))).toEqual([
      { metric: "sensor.temp", timestamp: 1_900_000_001, value: 7, tags: { device: "d-1", floor: "3" } },
    ]);
  });

  it("reads String timestamps in their format, UTC, as milliseconds", () => {
    const s = schema([{ metric: [{ type: "Constant", value: "m" }], timestamp: { type: "String", value: "at", format: "dd-MM-yyyy HH:mm:ss" }, value: { type: "Bigint", value: "n" }, tags: [] }]);
    expect(pointsOf(s, json({ at: "06-05-2031 07:08:09", n: 5 }))).toEqual([{ metric: "m", timestamp: Date.UTC(2031, 4, 6, 7, 8, 9), value: 5, tags: {} }]);
    expect(pointsOf(s, json({ at: "2031-05-06 07:08:09", n: 5 }))).toBe('field "at": "2031-05-06 07:08:09" is not a time in dd-MM-yyyy HH:mm:ss');
  });

  it("makes one point per schema entry", () => {
    const s = schema([
      { metric: [{ type: "Constant", value: "a" }], timestamp: { type: "Timestamp", value: "t" }, value: { type: "Boolean", value: "ok" }, tags: [] },
      { metric: [{ type: "Constant", value: "b" }], timestamp: { type: "Timestamp", value: "t" }, value: { type: "Decimal", value: "d" }, tags: [{ name: "ok", type: "Boolean", value: "ok" }] },
    ]);
    expect(pointsOf(s, json({ t: 1, ok: true, d: "1.25" }))).toEqual([
      { metric: "a", timestamp: 1, value: 1, tags: {} },
      { metric: "b", timestamp: 1, value: 1.25, tags: { ok: "1" } },
    ]);
  });

  it("takes Constant values and tags as written", () => {
    const s = schema([
      {
        metric: [{ type: "Constant", value: "m" }],
        timestamp: { type: "Timestamp", value: "t" },
        value: { type: "Constant", value: "1.5" },
        tags: [
          { name: "site", type: "Constant", value: "paris/north" },
          { name: "dev", type: "String", value: "dev" },
        ],
      },
    ]);
    expect(pointsOf(s, json({ t: 9, dev: "d" }))).toEqual([{ metric: "m", timestamp: 9, value: 1.5, tags: { site: "paris/north", dev: "d" } }]);
  });

  it.each([
    ["not JSON", new TextEncoder().encode("temp=21"), "not a JSON record"],
    ["not an object", json([1, 2]), "not a JSON object"],
    ["a missing field", json({ kind: "temp", ts: 1, v: 1, dev: "d" }), 'field "floor" is missing'],
    ["a null field", json({ kind: "temp", ts: 1, v: null, dev: "d", floor: 1 }), 'field "v" is missing'],
    ["a value of another type", json({ kind: "temp", ts: 1, v: "hot", dev: "d", floor: 1 }), 'field "v": "hot" is not a Double'],
    ["a fractional Bigint tag", json({ kind: "temp", ts: 1, v: 1, dev: "d", floor: 1.5 }), 'field "floor": 1.5 is not a Bigint'],
    ["a String tag given a number", json({ kind: "temp", ts: 1, v: 1, dev: 7, floor: 1 }), 'field "dev": 7 is not a String'],
    ["a negative timestamp", json({ kind: "temp", ts: -1, v: 1, dev: "d", floor: 1 }), 'field "ts": -1 is not epoch seconds or milliseconds'],
    ["a metric OpenTSDB refuses", json({ kind: "a b", ts: 1, v: 1, dev: "d", floor: 1 }), 'metric "sensor.a b" holds characters OpenTSDB does not take'],
    ["a tag value OpenTSDB refuses", json({ kind: "t", ts: 1, v: 1, dev: "d=1", floor: 1 }), 'tag device value "d=1" holds characters OpenTSDB does not take'],
  ])("refuses a record with %s, saying why", (_what, data, why) => {
    expect(pointsOf(reading, data)).toBe(why);
  });
});
