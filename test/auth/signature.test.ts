import { describe, expect, it } from "vitest";
import vectors from "../fixtures/signing-vectors.json";
import {
  canonicalQuery,
  canonicalQueryForms,
  canonicalRequest,
  canonicalUri,
  canonicalUriForms,
  computeSignature,
  parseAuthorization,
  parseSdkDate,
  type SigningVariant,
} from "../../src/auth/signature";
import { sha256Hex } from "../../src/auth/crypto";

function variantOf(label: string): SigningVariant {
  if (label.startsWith("SDK-HMAC-SHA256 Access=")) return "sdk-access";
  if (label.includes("old python")) return "v11-dis";
  if (label.includes("old DIS")) return "sdk-dis";
  return "v11-derived";
}

describe("signing vectors", () => {
  it.each(vectors.cases.map((c, i) => [i, c.variant, c] as const))("case %i (%s) reproduces the signature", async (_i, label, c) => {
    const request = canonicalRequest({
      method: c.method,
      canonicalUri: c.canonical_uri,
      canonicalQuery: c.canonical_query,
      headers: Object.entries(c.signed_headers),
      payloadHash: await sha256Hex(c.body),
    });
    const signature = await computeSignature({
      variant: variantOf(label),
      accessKey: c.ak,
      secretKey: c.sk,
      date: c.x_sdk_date,
      scope: "scope" in c ? (c.scope as string) : "",
      canonicalRequest: request,
    });
    expect(signature).toBe(c.signature);
  });

  it("a changed body, header or secret gives another signature", async () => {
    const c = vectors.cases[1]!;
    const base = { method: c.method, canonicalUri: c.canonical_uri, canonicalQuery: c.canonical_query };
    const sign = async (body: string, date: string, sk: string) =>
      computeSignature({
        variant: "sdk-access",
        accessKey: c.ak,
        secretKey: sk,
        date: c.x_sdk_date,
        scope: "",
        canonicalRequest: canonicalRequest({ ...base, headers: [["x-sdk-date", date]], payloadHash: await sha256Hex(body) }),
      });
    expect(await sign(c.body, c.x_sdk_date, c.sk)).toBe(c.signature);
    expect(await sign(c.body + " ", c.x_sdk_date, c.sk)).not.toBe(c.signature);
    expect(await sign(c.body, "20060102T150406Z", c.sk)).not.toBe(c.signature);
    expect(await sign(c.body, c.x_sdk_date, "SecretKey2")).not.toBe(c.signature);
  });
});

describe("parseAuthorization", () => {
  const sig = "a".repeat(64);
  it.each([
    [`SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=${sig}`, "sdk-access", "AK1", ""],
    [`V11-HMAC-SHA256 Credential=AK1/20200608/r1/demo, SignedHeaders=host;x-sdk-date, Signature=${sig}`, "v11-derived", "AK1", "20200608/r1/demo"],
    [`SDK-HMAC-SHA256 Credential=AK1/20200608/r1/dis/sdk_request, SignedHeaders=host, Signature=${sig}`, "sdk-dis", "AK1", "20200608/r1/dis/sdk_request"],
    [`V11-HMAC-SHA256 Credential=AK1/20200608/r1/dis/sdk_request, SignedHeaders=host, Signature=${sig}`, "v11-dis", "AK1", "20200608/r1/dis/sdk_request"],
  ])("%s", (header, variant, ak, scope) => {
    const parsed = parseAuthorization(header);
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({ variant, accessKey: ak, scope, signature: sig }),
    });
  });

  it.each([
    ["Basic dXNlcjpwYXNz", "algorithm"],
    ["HMAC-SHA256 Access=AK", "algorithm"],
    ["SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host", "format"],
    [`SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=xyz`, "format"],
    [`V11-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=${sig}`, "format"],
    [`SDK-HMAC-SHA256 Credential=AK1/20200608/r1/demo, SignedHeaders=host, Signature=${sig}`, "format"],
  ])("rejects %s", (header, reason) => {
    expect(parseAuthorization(header)).toEqual({ ok: false, reason });
  });
});

describe("canonical forms", () => {
  it.each([
    ["/v2/pid/records", "/v2/pid/records/"],
    ["/v2/pid/records/", "/v2/pid/records/"],
    ["/v2/pid/stream/s1/tags/%E6%A0%87%E7%AD%BE", "/v2/pid/stream/s1/tags/%E6%A0%87%E7%AD%BE/"],
    ["/v2/pid/a%20b/c(d)", "/v2/pid/a%20b/c%28d%29/"],
  ])("uri %s", (raw, expected) => expect(canonicalUri(raw)).toBe(expected));

  it.each([
    ["", ""],
    ["?limit=1", "limit=1"],
    ["stream-name=s&cursor-type=TRIM_HORIZON&partition-id=0", "cursor-type=TRIM_HORIZON&partition-id=0&stream-name=s"],
    ["b=2&a=3&a=1", "a=1&a=3&b=2"],
    ["flag&x=a+b", "flag=&x=a%20b"],
    ["k=%E4%B8%AD", "k=%E4%B8%AD"],
  ])("query %s", (raw, expected) => expect(canonicalQuery(raw)).toBe(expected));

  it.each([
    ["/v2/pid/records/", ["/v2/pid/records/"]],
    // The Huawei signer cores encode a percent-encoded path once more.
    ["/v2/pid/stream/s1/tags/%E7%8E%AF%E5%A2%83", ["/v2/pid/stream/s1/tags/%E7%8E%AF%E5%A2%83/", "/v2/pid/stream/s1/tags/%25E7%258E%25AF%25E5%25A2%2583/"]],
  ])("uri forms %s", (raw, expected) => expect(canonicalUriForms(raw)).toEqual(expected));

  it.each([
    ["limit=1", ["limit=1"]],
    // Java: raw, in hash order, a trailing `&`; the empty pair dropped.
    ["max_fetch_bytes=10&limit=5&partition-cursor=abc&", ["limit=5&max_fetch_bytes=10&partition-cursor=abc"]],
    // Old Python: an empty value signed as a bare key.
    ["label=x&end_time=&start_time=", ["end_time=&label=x&start_time=", "end_time&label=x&start_time"]],
    // A `+` read as a space, or kept as a plus (Java sends values unencoded).
    ["c=a+b", ["c=a%20b", "c=a%2Bb"]],
    // Pairs sorted by name, or as whole `k=v` strings.
    ["a-b=1&a=2", ["a=2&a-b=1", "a-b=1&a=2"]],
  ])("query forms %s", (raw, expected) => expect(canonicalQueryForms(raw)).toEqual(expected));

  it.each([
    ["20200608T023900Z", Date.UTC(2020, 5, 8, 2, 39, 0)],
    ["20200230T000000Z", null],
    ["2020-06-08T02:39:00Z", null],
    ["20200608T023900", null],
  ])("sdk date %s", (text, expected) => expect(parseSdkDate(text)).toBe(expected));
});
