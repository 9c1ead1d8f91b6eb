import { describe, expect, it } from "vitest";
import { resolveAlias, topicTarget, TOPIC_ALIAS_MAXIMUM } from "../../src/mqtt/topics";

describe("PUBLISH topics", () => {
  it.each([
    ["telemetry", { ok: true, target: { streamName: "telemetry" } }],
    ["telemetry/", { ok: true, target: { streamName: "telemetry" } }],
    ["telemetry/device-42", { ok: true, target: { streamName: "telemetry", partitionKey: "device-42" } }],
    ["telemetry/site/7/温度", { ok: true, target: { streamName: "telemetry", partitionKey: "site/7/温度" } }],
    ["", { ok: false, reason: "malformed" }],
    ["telemetry/+", { ok: false, reason: "malformed" }],
    ["telemetry/#", { ok: false, reason: "malformed" }],
    ["tele\u0000metry", { ok: false, reason: "malformed" }],
    ["$SYS/broker", { ok: false, reason: "unknown-stream" }],
    ["no.such", { ok: false, reason: "unknown-stream" }],
    ["x".repeat(65), { ok: false, reason: "unknown-stream" }],
    [`telemetry/${"k".repeat(256)}`, { ok: true, target: { streamName: "telemetry", partitionKey: "k".repeat(256) } }],
    [`telemetry/${"k".repeat(257)}`, { ok: false, reason: "long-key" }],
  ])("%j", (topic, expected) => {
    expect(topicTarget(topic)).toEqual(expected);
  });
});

describe("topic aliases", () => {
  it("sets an alias with a topic, uses it with an empty topic, and refuses unknown or out-of-range ones", () => {
    const aliases = new Map<number, string>();
    expect(resolveAlias(aliases, "a/1", undefined)).toEqual({ ok: true, topic: "a/1", learned: false });
    expect(resolveAlias(aliases, "", 1)).toEqual({ ok: false });
    expect(resolveAlias(aliases, "a/1", 1)).toEqual({ ok: true, topic: "a/1", learned: true });
    expect(resolveAlias(aliases, "a/1", 1)).toEqual({ ok: true, topic: "a/1", learned: false });
    expect(resolveAlias(aliases, "", 1)).toEqual({ ok: true, topic: "a/1", learned: false });
    expect(resolveAlias(aliases, "b", 1)).toEqual({ ok: true, topic: "b", learned: true });
    expect(resolveAlias(aliases, "", 1)).toEqual({ ok: true, topic: "b", learned: false });
    expect(resolveAlias(aliases, "", undefined)).toEqual({ ok: false });
    expect(resolveAlias(aliases, "c", 0)).toEqual({ ok: false });
    expect(resolveAlias(aliases, "c", TOPIC_ALIAS_MAXIMUM + 1)).toEqual({ ok: false });
    expect(resolveAlias(aliases, "c", TOPIC_ALIAS_MAXIMUM)).toEqual({ ok: true, topic: "c", learned: true });
  });
});
