import { describe, expect, it } from "vitest";
import { claim, expiresAt, grantedExpiry, MAX_SESSION_EXPIRY_SECONDS, release, type SessionRecord } from "../../src/mqtt/session-state";

const a = { gateway: "g1", connection: "c1" };
const b = { gateway: "g2", connection: "c2" };

describe("session expiry granted", () => {
  it.each([
    [4, true, undefined, 0],
    [4, false, undefined, MAX_SESSION_EXPIRY_SECONDS],
    [5, true, undefined, 0],
    [5, false, 300, 300],
    [5, true, 300, 300],
    [5, false, 0xffffffff, MAX_SESSION_EXPIRY_SECONDS],
  ])("MQTT %i, clean %s, asked %j: %i s", (version, clean, asked, granted) => {
    expect(grantedExpiry(version, clean, asked)).toBe(granted);
  });
});

describe("sessions", () => {
  it("a new client has no session; a second connection takes it over", () => {
    const first = claim(null, { owner: a, cleanStart: false, expirySeconds: 300 }, 1000);
    expect(first).toEqual({ record: { owner: a, expirySeconds: 300, endedAt: null }, sessionPresent: false, previous: null });
    const second = claim(first.record, { owner: b, cleanStart: false, expirySeconds: 300 }, 2000);
    expect(second.sessionPresent).toBe(true);
    expect(second.previous).toEqual(a);
    expect(claim(first.record, { owner: b, cleanStart: true, expirySeconds: 0 }, 2000).sessionPresent).toBe(false);
  });

  it("a session outlives its connection for its expiry, then is gone", () => {
    const held: SessionRecord = { owner: a, expirySeconds: 60, endedAt: null };
    const ended = release(held, "c1", 10_000)!;
    expect(ended).toEqual({ owner: null, expirySeconds: 60, endedAt: 10_000 });
    expect(expiresAt(ended)).toBe(70_000);
    expect(claim(ended, { owner: b, cleanStart: false, expirySeconds: 60 }, 69_999)).toMatchObject({ sessionPresent: true, previous: null });
    expect(claim(ended, { owner: b, cleanStart: false, expirySeconds: 60 }, 70_000).sessionPresent).toBe(false);
  });

  it("a session with expiry 0 ends with its connection; an old connection's end leaves the new one's session alone", () => {
    expect(release({ owner: a, expirySeconds: 0, endedAt: null }, "c1", 5)).toBeNull();
    const taken: SessionRecord = { owner: b, expirySeconds: 0, endedAt: null };
    expect(release(taken, "c1", 5)).toBe(taken);
    expect(release(null, "c1", 5)).toBeNull();
    expect(expiresAt(taken)).toBeNull();
  });
});
