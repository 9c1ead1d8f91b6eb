/**
 * Tokens issued by `POST /v3/auth/tokens`: `<payload>.<mac>`, base64url, the MAC an
 * HMAC-SHA256 under a key derived from the AUTH_SECRET Worker secret. Tamper-proof and
 * stateless: verifying one needs no storage.
 */
import { base64UrlDecode, base64UrlEncode, purposeMacKey, timingSafeEqualText } from "./crypto";

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface TokenClaims {
  userId: string;
  domainId: string;
  projectId: string;
  issuedAt: number;
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: "malformed" | "expired" };

async function mac(secret: string, payload: string): Promise<string> {
  const key = await purposeMacKey(secret, "dis/token/v1");
  return base64UrlEncode(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(payload)));
}

export async function issueToken(claims: TokenClaims, secret: string): Promise<string> {
  const payload = base64UrlEncode(new TextEncoder().encode(JSON.stringify(claims)));
  return `${payload}.${await mac(secret, payload)}`;
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.userId === "string" &&
    typeof v.domainId === "string" &&
    typeof v.projectId === "string" &&
    typeof v.issuedAt === "number" &&
    typeof v.expiresAt === "number"
  );
}

export async function verifyToken(token: string, secret: string, now = Date.now()): Promise<TokenCheck> {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: "malformed" };
  if (!timingSafeEqualText(await mac(secret, payload), signature)) return { ok: false, reason: "malformed" };
  const bytes = base64UrlDecode(payload);
  if (!bytes) return { ok: false, reason: "malformed" };
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!isClaims(claims)) return { ok: false, reason: "malformed" };
  if (claims.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}
