import { describe, expect, it } from "vitest";
import { checkSignature, parseCredentials, signedPassword, stringToSign } from "../../src/mqtt/credentials";

const SK = "devsk0000000000000000000000000000000001";
const bytes = (text: string) => new TextEncoder().encode(text);

describe("device credentials", () => {
  it("reads a token password under a project username, and a signed password under an access key", () => {
    expect(parseCredentials("devproject", bytes("eyJh.c2ln"))).toEqual({ kind: "token", projectId: "devproject", token: "eyJh.c2ln" });
    const signature = "0845eebba79f71d6d2c0a1722eb4d7365e534f53dd69aafaa73a4394c92c8703";
    expect(parseCredentials("DEVAK000000000000001", bytes(`1764633600.${signature.toUpperCase()}`))).toEqual({
      kind: "signature",
      accessKey: "DEVAK000000000000001",
      timestamp: 1764633600,
      signature,
    });
  });

  it.each([
    [undefined, "x"],
    ["devproject", undefined],
    ["devproject", ""],
    ["", "x"],
  ])("takes no credentials from username %j and password %j", (username, password) => {
    expect(parseCredentials(username, password === undefined ? undefined : bytes(password))).toBeNull();
  });

  it("signs the README's worked example as openssl does", async () => {
    // printf 'DIS-MQTT-HMAC-SHA256\n1764633600\nsensor-42' | openssl dgst -sha256 -hmac "$SK"
    expect(stringToSign(1764633600, "sensor-42")).toBe("DIS-MQTT-HMAC-SHA256\n1764633600\nsensor-42");
    expect(await signedPassword(SK, "sensor-42", 1764633600)).toBe("1764633600.0845eebba79f71d6d2c0a1722eb4d7365e534f53dd69aafaa73a4394c92c8703");
  });

  it("checks a signature: for its client id only, within 15 minutes of the server clock", async () => {
    const at = 1764633600;
    const credentials = parseCredentials("AK", bytes(await signedPassword(SK, "sensor-42", at)));
    if (credentials?.kind !== "signature") throw new Error("not a signature");
    expect(await checkSignature(credentials, SK, "sensor-42", at * 1000 + 14 * 60_000)).toBe("ok");
    expect(await checkSignature(credentials, SK, "sensor-42", at * 1000 - 14 * 60_000)).toBe("ok");
    expect(await checkSignature(credentials, SK, "sensor-43", at * 1000)).toBe("mismatch");
    expect(await checkSignature(credentials, "other-secret", "sensor-42", at * 1000)).toBe("mismatch");
    expect(await checkSignature(credentials, SK, "sensor-42", at * 1000 + 16 * 60_000)).toBe("skewed");
    expect(await checkSignature(credentials, SK, "sensor-42", at * 1000 - 16 * 60_000)).toBe("skewed");
  });
});
