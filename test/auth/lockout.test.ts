import { afterEach, describe, expect, it, vi } from "vitest";
import { afterFailure } from "../../src/auth/client-guard";
import { DEV_IDENTITY } from "../../src/identity/provision";
import { call, errorCodeOf, PROJECT } from "../helpers/http";

const LIST = `/v2/${PROJECT}/streams`;
const wrongKeys = { ak: DEV_IDENTITY.accessKey, sk: "wrong" };

afterEach(() => {
  vi.useRealTimers();
});

describe("lockout policy", () => {
  const policy = { failures: 3, windowMs: 1000, lockMs: 5000 };
  it.each([
    [[], 0, 0],
    [[100], 500, 0],
    [[100, 200], 500, 5500],
    [[100, 200], 1150, 0],
  ])("failures %j then one at %i lock until %i", (before, now, until) => {
    expect(afterFailure(before, now, policy).lockedUntil).toBe(until);
  });
});

describe("lockout", () => {
  it("20 failures from one address lock it out, other addresses are unaffected, and the lock ends by itself", async () => {
    const attacker = { "cf-connecting-ip": "192.0.2.7" };
    for (let i = 0; i < 19; i++) {
      const reply = await call("GET", LIST, { keys: wrongKeys, headers: attacker });
      expect(reply.status).toBe(441);
      expect(errorCodeOf(reply)).toBe("DIS.4104");
    }
    const locking = await call("GET", LIST, { keys: wrongKeys, headers: attacker });
    expect(locking.status).toBe(400);
    expect(errorCodeOf(locking)).toBe("DIS.4309");

    // Now even correct credentials from that address are refused...
    const correct = await call("GET", LIST, { headers: attacker });
    expect(errorCodeOf(correct)).toBe("DIS.4309");
    // ...while another address goes on as usual.
    expect((await call("GET", LIST, { headers: { "cf-connecting-ip": "192.0.2.8" } })).status).toBe(200);

    // Five minutes later the lock is gone.
    vi.useFakeTimers({ now: Date.now() + 301_000, toFake: ["Date"] });
    expect((await call("GET", LIST, { headers: attacker, date: new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "") })).status).toBe(200);
  });

  it("wrong passwords at the token endpoint count too", async () => {
    const client = { "cf-connecting-ip": "192.0.2.9" };
    const body = {
      auth: {
        identity: { methods: ["password"], password: { user: { name: "devuser", password: "guess", domain: { name: "devdomain" } } } },
        scope: { project: { id: "devproject" } },
      },
    };
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) codes.push(errorCodeOf(await call("POST", "/v3/auth/tokens", { unsigned: true, body, headers: client })));
    expect(codes.slice(0, 19).every((c) => c === "DIS.4110")).toBe(true);
    expect(codes.slice(19)).toEqual(["DIS.4309", "DIS.4309"]);
  });
});
