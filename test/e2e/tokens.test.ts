/** A token from the local IAM endpoint, then a plain HTTP call with X-Auth-Token (the README's curl example). */
import { describe, expect, it, inject } from "vitest";
import { requestDevToken } from "./dis-client";

describe("token authentication on the running service", () => {
  it("issues a token and accepts it", async () => {
    const endpoint = inject("disEndpoint");
    const issued = await requestDevToken(endpoint);
    expect(issued.status).toBe(201);
    const token = issued.headers.get("x-subject-token");
    expect(token).toBeTruthy();

    const listed = await fetch(`${endpoint}/v2/devproject/streams`, { headers: { "x-auth-token": token! } });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ has_more_streams: expect.any(Boolean), stream_names: expect.any(Array) });
  });
});
