/**
 * Requests with the exact wire habits of Huawei's DIS SDKs that the Node signer core cannot
 * produce: the old Python DIS SDK (`dis_sdk_python`, V11-HMAC-SHA256 with the DIS key chain) and
 * the Java DIS SDK (SDK-HMAC-SHA256 with the DIS key chain). Each canonical request is built here
 * the way that SDK builds it, independently of the service's own canonicalization; only the key
 * chain and HMAC (checked against the known-good vectors in signature.test.ts) are shared.
 */
import { sha256Hex } from "../../src/auth/crypto";
import { computeSignature } from "../../src/auth/signature";
import { DEV_IDENTITY } from "../../src/identity/provision";

/** The host and port the SDKs are pointed at in workerd tests: an endpoint with a port, as a local service has. */
export const SDK_ENDPOINT = "http://dis.local.test:8787";
const REGION = "cn-north-4";

/** One request as it leaves the SDK. `cf` is what the runtime adds: the client's own Accept-Encoding. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
  clientAcceptEncoding?: string;
}

function sdkDate(at = Date.now()): string {
  return new Date(at).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Python's `urllib.parse.quote(text, safe)`: UTF-8, letters, digits, `_.-~` and `safe` kept. */
function pyQuote(text: string, safe = "/"): string {
  return [...new TextEncoder().encode(text)]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9_.\-~]/.test(c) || safe.includes(c) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
    })
    .join("");
}

/** Java's URLEncoder with the Huawei signer's fix-ups: space `%20`, `*` `%2A`, `~` kept. */
function javaEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/\*/g, "%2A");
}

async function sign(variant: "v11-dis" | "sdk-dis", date: string, canonical: string): Promise<string> {
  const scope = `${date.slice(0, 8)}/${REGION}/dis/sdk_request`;
  const signature = await computeSignature({ variant, accessKey: DEV_IDENTITY.accessKey, secretKey: DEV_IDENTITY.secretKey, date, scope, canonicalRequest: canonical });
  return `Credential=${DEV_IDENTITY.accessKey}/${scope}, SignedHeaders=%s, Signature=${signature}`;
}

export interface PythonRequest {
  method: string;
  /** The path as the SDK writes it, e.g. `/v2/devproject/records/`. */
  path: string;
  /** Query parameters in the SDK's dict order; `""` values are sent as `k=`. */
  query?: [string, string][];
  body?: unknown;
}

/**
 * The old Python DIS SDK: signs `host;x-sdk-date` with the host's port left out (but sends the
 * port), a canonical URI of the non-empty segments quoted with `safe='~'` and a trailing `/`, and a
 * canonical query of `quote(k)=quote(v)` items sorted as whole strings, an empty value as bare `k`.
 * The query goes out in dict order, spaces as `+`; `Content-Type` and `Content-Length` unsigned.
 */
export async function pythonDisRequest(request: PythonRequest, endpoint = SDK_ENDPOINT): Promise<WireRequest> {
  const url = new URL(request.path, endpoint);
  const query = request.query ?? [];
  const wireQuery = query.map(([k, v]) => `${pyQuote(k, "").replace(/%20/g, "+")}=${pyQuote(v, "").replace(/%20/g, "+")}`).join("&");
  const body = request.body === undefined ? "" : JSON.stringify(request.body);
  const date = sdkDate();
  const canonicalUri = "/" + url.pathname.split("/").filter((s) => s !== "" && s !== ".").map((s) => pyQuote(decodeURIComponent(s), "~")).join("/") + "/";
  const canonicalQuery = query
    .map(([k, v]) => (v === "" ? pyQuote(k) : `${pyQuote(k)}=${pyQuote(v)}`))
    .sort()
    .join("&");
  const signedHost = url.hostname;
  const canonical = [request.method, canonicalUri, canonicalQuery, `host:${signedHost}\nx-sdk-date:${date}\n`, "host;x-sdk-date", await sha256Hex(body)].join("\n");
  const authorization = "V11-HMAC-SHA256 " + (await sign("v11-dis", date, canonical)).replace("%s", "host;x-sdk-date");
  const headers = { host: url.host, "x-sdk-date": date, authorization, "content-type": "application/json; charset=UTF-8", "user-agent": "python-requests/2.31.0" };
  return { method: request.method, url: `${url.origin}${url.pathname}${wireQuery ? `?${wireQuery}` : ""}`, headers, body };
}

export interface JavaRequest {
  method: string;
  /** The path as the SDK writes it, every segment ending in `/`, e.g. `/v2/devproject/records/`. */
  path: string;
  /** Query parameters in the SDK's hash order, sent raw (not encoded) with a trailing `&`. */
  query?: [string, string][];
  body?: Uint8Array | string;
  contentType?: string;
  /** Body compression: the codec's name and the headers it adds (all signed). */
  compression?: { encoding: "lz4" | "snappy" | "zstd"; originalLength: number };
}

/**
 * The Java DIS SDK: SDK-HMAC-SHA256 with the DIS key chain, every header it set signed (`accept`,
 * `content-type`, `host` with its port, `x-project-id`, `x-sdk-date`, `x-sdk-version`, and with
 * body compression `accept-encoding`, `content-encoding` and the length header), the path encoded
 * twice, the canonical query from its parameter map (encoded, sorted by key, `k=v` even when empty),
 * the body hash over the bytes sent.
 */
export async function javaDisRequest(request: JavaRequest, endpoint = SDK_ENDPOINT): Promise<WireRequest> {
  const url = new URL(request.path, endpoint);
  const query = request.query ?? [];
  const rawQuery = query.map(([k, v]) => `${k}=${v}&`).join("");
  const body = request.body ?? "";
  const date = sdkDate();
  const headers: Record<string, string> = {
    accept: "*/*; charset=utf-8",
    "content-type": request.contentType ?? "application/json; charset=utf-8",
    host: url.host,
    "x-project-id": DEV_IDENTITY.project,
    "x-sdk-date": date,
    "x-sdk-version": "1.3.21/java",
  };
  if (request.compression) {
    const { encoding, originalLength } = request.compression;
    headers["accept-encoding"] = encoding;
    headers["content-encoding"] = encoding;
    if (encoding !== "snappy") headers[`x-dis-${encoding}-content-length`] = String(originalLength);
  }
  const names = Object.keys(headers).sort();
  const canonicalUri = url.pathname
    .split("/")
    .map((s) => javaEncode(javaEncode(s)).replace(/%257E/g, "~"))
    .join("/");
  const canonicalQuery = query
    .map(([k, v]) => [javaEncode(k), javaEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]}\n`).join("");
  const canonical = [request.method, canonicalUri, canonicalQuery, canonicalHeaders, names.join(";"), await sha256Hex(body)].join("\n");
  const authorization = "SDK-HMAC-SHA256 " + (await sign("sdk-dis", date, canonical)).replace("%s", names.join(";"));
  const wire: WireRequest = {
    method: request.method,
    url: `${url.origin}${url.pathname}${rawQuery ? `?${rawQuery}` : ""}`,
    headers: { ...headers, authorization, "user-agent": "Apache-HttpClient/4.5.14 (Java/17)" },
    body,
  };
  if (request.compression) wire.clientAcceptEncoding = request.compression.encoding;
  return wire;
}
