/**
 * Signing requests as the DIS SDKs do (`SDK-HMAC-SHA256 Access=…`), in Node: the one signing
 * client of the command line, the scripts and the benchmark. The canonical request is the
 * service's own (src/auth/signature.ts), so both sides agree by construction and the tests hold
 * them to Huawei's signer and known-good vectors.
 */
import { createHash, createHmac } from "node:crypto";
import { canonicalQuery, canonicalRequest, canonicalUri } from "../src/auth/signature";

export interface AccessKeys {
  ak: string;
  sk: string;
}

export function sdkDate(at = Date.now()): string {
  return new Date(at).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** The headers of a signed request: `content-type`, `host`, `x-sdk-date` and `authorization` (plus `extra`, signed too). */
export function signedHeaders(
  keys: AccessKeys,
  url: URL,
  method: string,
  body: string | Uint8Array = "",
  type = "application/json",
  extra: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = { "content-type": type, host: url.host, "x-sdk-date": sdkDate(), ...lowerCased(extra) };
  // Synchronous hashing, as the SDKs' platforms' own (Java's Mac, Python's hmac) is.
  const names = Object.keys(headers).sort();
  const request = canonicalRequest({
    method,
    canonicalUri: canonicalUri(url.pathname),
    canonicalQuery: canonicalQuery(url.search),
    headers: names.map((n) => [n, headers[n]!]),
    payloadHash: createHash("sha256").update(body).digest("hex"),
  });
  const stringToSign = `SDK-HMAC-SHA256\n${headers["x-sdk-date"]}\n${createHash("sha256").update(request).digest("hex")}`;
  const signature = createHmac("sha256", keys.sk).update(stringToSign).digest("hex");
  headers.authorization = `SDK-HMAC-SHA256 Access=${keys.ak}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
  return headers;
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
