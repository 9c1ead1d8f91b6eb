/** Calling the worker the way DIS clients do: signed with AK/SK, or with a token. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { sha256Hex } from "../../src/auth/crypto";
import { canonicalQuery, canonicalRequest, canonicalUri, computeSignature, type SigningVariant } from "../../src/auth/signature";
import { DEV_IDENTITY } from "../../src/identity/provision";

export const BASE = "https://dis.local.test";
export const PROJECT = DEV_IDENTITY.project;

export interface Reply {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  json: any;
}

async function toReply(response: Response): Promise<Reply> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, bytes, text, json };
}

function randomAddress(): string {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}

export function sdkDate(at = Date.now()): string {
  return new Date(at).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text, sent as is (takes precedence over `body`). */
  raw?: string;
  /** A binary body (protobuf), sent as is. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
  token?: string;
  /** Sign with these keys (default: the dev identity) unless a token is given or `unsigned`. */
  keys?: { ak: string; sk: string };
  unsigned?: boolean;
  date?: string;
  /** Signing variant (default `sdk-access`) and, for the Credential= forms, its scope. */
  variant?: SigningVariant;
  scope?: string;
  /** Send `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` instead of hashing the body. */
  unsignedPayload?: boolean;
  /** Changes the request after signing, to tamper with it. */
  tamper?: (init: { headers: Record<string, string>; body: string; url: URL }) => void;
}

const ALGORITHM: Record<SigningVariant, string> = {
  "sdk-access": "SDK-HMAC-SHA256",
  "sdk-dis": "SDK-HMAC-SHA256",
  "v11-derived": "V11-HMAC-SHA256",
  "v11-dis": "V11-HMAC-SHA256",
};

/** Sends a request to the worker; signs it like the Huawei SDK (every header signed) unless told otherwise. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  return toReply(await exports.default.fetch(await request(method, path, options)));
}

/** The request `call` sends. */
export async function request(method: string, path: string, options: CallOptions = {}): Promise<Request> {
  const url = new URL(path, BASE);
  let bodyText = options.raw ?? (options.body === undefined ? "" : JSON.stringify(options.body));
  // A fresh client address per call unless the test names one, so failures in one test never lock out another.
  const headers: Record<string, string> = { "content-type": "application/json", "cf-connecting-ip": randomAddress(), ...options.headers };
  if (options.token) {
    headers["x-auth-token"] = options.token;
  } else if (!options.unsigned) {
    const keys = options.keys ?? { ak: DEV_IDENTITY.accessKey, sk: DEV_IDENTITY.secretKey };
    headers["x-sdk-date"] = options.date ?? sdkDate();
    headers["host"] = url.host;
    if (options.unsignedPayload) headers["x-sdk-content-sha256"] = "UNSIGNED-PAYLOAD";
    const variant = options.variant ?? "sdk-access";
    const scope = options.scope ?? "";
    const signed = Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v] as const);
    const signature = await computeSignature({
      variant,
      accessKey: keys.ak,
      secretKey: keys.sk,
      date: headers["x-sdk-date"],
      scope,
      canonicalRequest: canonicalRequest({
        method,
        canonicalUri: canonicalUri(url.pathname),
        canonicalQuery: canonicalQuery(url.search),
        headers: signed,
        payloadHash: options.unsignedPayload ? "UNSIGNED-PAYLOAD" : await sha256Hex(options.bytes ?? bodyText),
      }),
    });
    const credential = variant === "sdk-access" ? `Access=${keys.ak}` : `Credential=${keys.ak}/${scope}`;
    const signedNames = signed.map(([k]) => k).sort().join(";");
    headers["authorization"] = `${ALGORITHM[variant]} ${credential}, SignedHeaders=${signedNames}, Signature=${signature}`;
  }
  if (options.tamper) {
    const changed = { headers, body: bodyText, url };
    options.tamper(changed);
    bodyText = changed.body;
  }
  const init: RequestInit = { method, headers };
  if (options.bytes) init.body = options.bytes;
  else if (bodyText !== "" && method !== "GET" && method !== "HEAD") init.body = bodyText;
  return new Request(url, init);
}

/** A token for the dev identity. */
export async function devToken(): Promise<string> {
  const reply = await call("POST", "/v3/auth/tokens", {
    unsigned: true,
    body: {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: DEV_IDENTITY.user, password: DEV_IDENTITY.password, domain: { name: DEV_IDENTITY.domain } } },
        },
        scope: { project: { id: DEV_IDENTITY.project } },
      },
    },
  });
  if (reply.status !== 201) throw new Error(`token: ${reply.status} ${reply.text}`);
  return reply.headers.get("x-subject-token")!;
}

let counter = 0;
/** A stream name no other test uses. */
export function uniqueName(prefix = "s"): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Asserts the DIS error body shape and returns the code. */
export function errorCodeOf(reply: Reply): string {
  const body = reply.json as Record<string, unknown>;
  if (!body || body.error_code !== body.errorCode || body.error_msg !== body.message || typeof body.error_msg !== "string") {
    throw new Error(`not a DIS error body: ${reply.text}`);
  }
  return body.error_code as string;
}

/** Asserts a DIS error answer: its status, the body shape and the code. */
export function expectError(reply: Reply, code: string, status = 400): void {
  expect(reply.status).toBe(status);
  expect(errorCodeOf(reply)).toBe(code);
}
