/**
 * AK/SK request signatures as DIS clients send them (API.md "Authentication"): the canonical
 * request, and the four key derivations. Pure: the caller supplies the secret key.
 */
import { hmacSha256, hmacSha256Hex, sha256Hex } from "./crypto";

export type SigningVariant =
  /** `SDK-HMAC-SHA256 Access=AK, …`: current Huawei SDKs. */
  | "sdk-access"
  /** `V11-HMAC-SHA256 Credential=AK/date/region/service, …`: derived key, current SDKs. */
  | "v11-derived"
  /** `SDK-HMAC-SHA256 Credential=AK/date/region/dis/sdk_request, …`: old DIS SDKs. */
  | "sdk-dis"
  /** `V11-HMAC-SHA256 Credential=AK/date/region/dis/sdk_request, …`: old python DIS SDK. */
  | "v11-dis";

export interface ParsedAuthorization {
  variant: SigningVariant;
  algorithm: "SDK-HMAC-SHA256" | "V11-HMAC-SHA256";
  accessKey: string;
  /** `date/region/service[/sdk_request]` for the Credential= forms, "" for Access=. */
  scope: string;
  signedHeaders: string[];
  signature: string;
}

export type AuthorizationParse = { ok: true; value: ParsedAuthorization } | { ok: false; reason: "algorithm" | "format" };

/** Parses an Authorization header of any of the four variants. */
export function parseAuthorization(header: string): AuthorizationParse {
  const space = header.indexOf(" ");
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== "SDK-HMAC-SHA256" && algorithm !== "V11-HMAC-SHA256") return { ok: false, reason: "algorithm" };
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return { ok: false, reason: "format" };
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!signedHeaders || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: "format" };
  const headers = signedHeaders.split(";").map((h) => h.trim().toLowerCase());
  if (headers.some((h) => h === "")) return { ok: false, reason: "format" };

  const access = fields.get("Access");
  if (algorithm === "SDK-HMAC-SHA256" && access) {
    return { ok: true, value: { variant: "sdk-access", algorithm, accessKey: access, scope: "", signedHeaders: headers, signature } };
  }
  const credential = fields.get("Credential");
  if (!credential) return { ok: false, reason: "format" };
  const [accessKey, ...scopeParts] = credential.split("/");
  if (!accessKey || scopeParts.some((p) => p === "")) return { ok: false, reason: "format" };
  const scope = scopeParts.join("/");
  const oldDis = scopeParts.length === 4 && scopeParts[2] === "dis" && scopeParts[3] === "sdk_request";
  if (oldDis) {
    const variant = algorithm === "SDK-HMAC-SHA256" ? "sdk-dis" : "v11-dis";
    return { ok: true, value: { variant, algorithm, accessKey, scope, signedHeaders: headers, signature } };
  }
  if (algorithm === "V11-HMAC-SHA256" && scopeParts.length === 3) {
    return { ok: true, value: { variant: "v11-derived", algorithm, accessKey, scope, signedHeaders: headers, signature } };
  }
  return { ok: false, reason: "format" };
}

/** RFC 3986 encoding: everything but unreserved characters, UTF-8 bytes as %XX. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Each path segment RFC 3986 encoded, with a trailing `/` added. */
export function canonicalUri(rawPath: string): string {
  return canonicalUriForms(rawPath)[0]!;
}

/**
 * The canonical URIs clients compute for a path as received, the usual first: each segment decoded
 * and encoded once (most clients), and each segment as sent encoded again (the Huawei signer cores,
 * which sign the path they percent-encoded and so encode its `%` once more). They differ only
 * when the path carries percent-encoded bytes.
 */
export function canonicalUriForms(rawPath: string): string[] {
  const once = rawPath
    .split("/")
    .map((segment) => rfc3986(decodeComponent(segment)))
    .join("/");
  const twice = rawPath
    .split("/")
    .map((segment) => rfc3986(segment))
    .join("/");
  const slash = (uri: string) => (uri.endsWith("/") ? uri : uri + "/");
  return unique([slash(once), slash(twice)]);
}

/** Query pairs sorted by name then value, each side RFC 3986 encoded, joined by `&`. */
export function canonicalQuery(rawQuery: string): string {
  return canonicalQueryForms(rawQuery)[0]!;
}

type QueryPair = readonly [string, string];

function queryPairs(rawQuery: string, plusIsSpace: boolean): QueryPair[] {
  const query = rawQuery.startsWith("?") ? rawQuery.slice(1) : rawQuery;
  const decode = (text: string) => decodeComponent(plusIsSpace ? text.replace(/\+/g, " ") : text);
  return query
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const eq = p.indexOf("=");
      return eq < 0 ? [decode(p), ""] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))];
    });
}

const byNameThenValue = ([an, av]: QueryPair, [bn, bv]: QueryPair) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0);

/**
 * The canonical query strings clients compute for a query as received, the usual first (pairs
 * sorted by name then value, an empty value as `k=`, `+` read as a space). Also: `+` kept as a
 * plus (the Java SDK sends its query unencoded), an empty value signed as a bare `k` and the
 * encoded `k=v` texts sorted as whole strings (the old Python DIS SDK). Empty pairs, such as the
 * one after a trailing `&`, are dropped in all of them.
 */
export function canonicalQueryForms(rawQuery: string): string[] {
  const forms: string[] = [];
  for (const plusIsSpace of [true, false]) {
    const encoded = queryPairs(rawQuery, plusIsSpace).map(([n, v]) => [rfc3986(n), rfc3986(v)] as const);
    const decodedOrder = queryPairs(rawQuery, plusIsSpace)
      .map(([n, v], i) => [n, v, i] as const)
      .sort(([an, av], [bn, bv]) => byNameThenValue([an, av], [bn, bv]))
      .map(([, , i]) => encoded[i]!);
    forms.push(decodedOrder.map(([n, v]) => `${n}=${v}`).join("&"));
    forms.push(
      encoded
        .map(([n, v]) => (v === "" ? n : `${n}=${v}`))
        .sort()
        .join("&"),
    );
  }
  return unique(forms);
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}

export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  /** Signed header names (lowercase) with their values, in any order. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** hex(sha256(raw body)), or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  const headers = [...parts.headers]
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    parts.method.toUpperCase(),
    parts.canonicalUri,
    parts.canonicalQuery,
    headers.map(([n, v]) => `${n}:${v}\n`).join(""),
    headers.map(([n]) => n).join(";"),
    parts.payloadHash,
  ].join("\n");
}

export interface SigningInput {
  variant: SigningVariant;
  accessKey: string;
  secretKey: string;
  /** The X-Sdk-Date value, `yyyyMMddTHHmmssZ`. */
  date: string;
  scope: string;
  canonicalRequest: string;
}

/** HKDF-style derived secret of the V11 forms: hex(HMAC(HMAC(AK, SK), info ‖ 0x01)). */
async function derivedSecret(accessKey: string, secretKey: string, info: string): Promise<string> {
  const prk = await hmacSha256(accessKey, secretKey);
  const message = new Uint8Array([...new TextEncoder().encode(info), 1]);
  return hmacSha256Hex(prk, message);
}

/** The DIS SDK key chain: HMAC('SDK' + secret, date) → region → 'dis' → 'sdk_request'. */
async function disSigningKey(secret: string, scope: string): Promise<ArrayBuffer> {
  let key: string | ArrayBuffer = "SDK" + secret;
  for (const part of scope.split("/")) key = await hmacSha256(key, part);
  return key as ArrayBuffer;
}

/** The hex signature a client with this secret key would have sent. */
export async function computeSignature(input: SigningInput): Promise<string> {
  const requestHash = await sha256Hex(input.canonicalRequest);
  switch (input.variant) {
    case "sdk-access":
      return hmacSha256Hex(input.secretKey, `SDK-HMAC-SHA256\n${input.date}\n${requestHash}`);
    case "v11-derived": {
      const derived = await derivedSecret(input.accessKey, input.secretKey, input.scope);
      return hmacSha256Hex(derived, `V11-HMAC-SHA256\n${input.date}\n${input.scope}\n${requestHash}`);
    }
    case "sdk-dis": {
      const key = await disSigningKey(input.secretKey, input.scope);
      return hmacSha256Hex(key, `SDK-HMAC-SHA256\n${input.date}\n${input.scope}\n${requestHash}`);
    }
    case "v11-dis": {
      const [day, region] = input.scope.split("/");
      const derived = await derivedSecret(input.accessKey, input.secretKey, `${day}/${region}/dis`);
      const key = await disSigningKey(derived, input.scope);
      return hmacSha256Hex(key, `V11-HMAC-SHA256\n${input.date}\n${input.scope}\n${requestHash}`);
    }
  }
}

/** Parses `yyyyMMddTHHmmssZ` to epoch ms; null when malformed. */
export function parseSdkDate(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}
