import { describe, expect, it } from "vitest";
import { emptyCounters } from "../../src/metrics/counters";
import type { MinuteRow } from "../../src/metrics/series";
import { LIMITS } from "../../src/partition/traffic";
import { autoScaleTarget, type AutoScaleInput } from "../../src/streams/auto-scale";

const policy = { outPercent: 80, outMinutes: 5, inPercent: 20, inMinutes: 30 };
const perMinute = LIMITS.COMMON.writeBytesPerSecond * 60;

/** `partitions` partitions each writing `fraction` of their capacity in every one of the last `minutes` minutes. */
function load(partitions: number, fraction: number, minutes: number, last = 1000): MinuteRow[][] {
  return Array.from({ length: partitions }, () =>
    Array.from({ length: minutes }, (_, i) => ({ ...emptyCounters(), minute: last - i, putBytes: Math.round(fraction * perMinute) })),
  );
}

function input(rows: MinuteRow[][], extra: Partial<AutoScaleInput> = {}): AutoScaleInput {
  return { partitions: rows, limits: LIMITS.COMMON, lastMinute: 1000, firstAllowedMinute: 0, min: 1, max: 10, ...extra };
}

describe("autoScaleTarget", () => {
  it.each([
    ["sustained 90 % on 2 partitions scales out to aim at 50 %", load(2, 0.9, 5), 4],
    ["sustained 80 % exactly scales out", load(2, 0.8, 5), 4],
    ["79 % stays", load(2, 0.79, 30), null],
    ["sustained 5 % on 4 partitions scales in", load(4, 0.05, 30), 1],
    ["15 % on 4 partitions scales in to 2", load(4, 0.15, 30), 2],
    ["25 % stays", load(4, 0.25, 30), null],
  ])("%s", (_label, rows, target) => {
    expect(autoScaleTarget(input(rows), policy)).toBe(target);
  });

  it("needs the whole window: a busy minute missing, or minutes before the last change, keep it", () => {
    const rows = load(2, 0.9, 5);
    rows[0] = rows[0]!.slice(1);
    rows[1] = rows[1]!.slice(1);
    expect(autoScaleTarget(input(rows), policy)).toBeNull();
    expect(autoScaleTarget(input(load(4, 0.01, 30), { firstAllowedMinute: 990 }), policy)).toBeNull();
  });

  it("stays within min and max", () => {
    expect(autoScaleTarget(input(load(2, 2.0, 5), { max: 3 }), policy)).toBe(3);
    expect(autoScaleTarget(input(load(2, 0.9, 5), { max: 2 }), policy)).toBeNull();
    expect(autoScaleTarget(input(load(4, 0.01, 30), { min: 3 }), policy)).toBe(3);
    expect(autoScaleTarget(input(load(3, 0.01, 30), { min: 3 }), policy)).toBeNull();
  });
});
