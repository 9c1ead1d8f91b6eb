import { describe, expect, it } from "vitest";
import { alarmChange, nextAlarm, type DueWork } from "../../src/partition/next-alarm";

describe("the partition log's next alarm", () => {
  it.each<[DueWork, number | null]>([
    [{ retention: null, metricsFlush: null, metricsExpiry: null }, null],
    [{ retention: 500, metricsFlush: null, metricsExpiry: null }, 500],
    [{ retention: null, metricsFlush: 300, metricsExpiry: null }, 300],
    [{ retention: null, metricsFlush: null, metricsExpiry: 700 }, 700],
    [{ retention: 500, metricsFlush: 300, metricsExpiry: 700 }, 300],
    [{ retention: 200, metricsFlush: 300, metricsExpiry: 100 }, 100],
    [{ retention: 0, metricsFlush: 300, metricsExpiry: null }, 0],
  ])("%j rings at %s", (due, at) => {
    expect(nextAlarm(due)).toBe(at);
  });

  it.each([
    [null, null, null],
    [500, 500, null],
    [null, 500, { set: 500 }],
    [500, 300, { set: 300 }],
    [500, null, "delete"],
  ] as const)("set at %s, wanted at %s: %j", (current, wanted, change) => {
    expect(alarmChange(current, wanted)).toEqual(change);
  });
});
