/** Small WebCrypto helpers shared by signing, tokens and secret storage. */

const encoder = new TextEncoder();

export type KeyMaterial = string | Uint8Array | ArrayBuffer;

function bytesOf(data: KeyMaterial): Uint8Array {
  if (typeof data === "string") return encoder.encode(data);
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (const b of view) out += b.toString(16).padStart(2, "0");
  return out;
}

export async function sha256Hex(data: KeyMaterial): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", bytesOf(data)));
}

function importHmacKey(key: KeyMaterial): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", bytesOf(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** HMAC keys given as text (secret keys, signing keys of a day), imported once per isolate. */
const textKeys = new Map<string, Promise<CryptoKey>>();
const MAX_TEXT_KEYS = 1000;

function hmacKey(key: KeyMaterial): Promise<CryptoKey> {
  if (typeof key !== "string") return importHmacKey(key);
  let imported = textKeys.get(key);
  if (!imported) {
    if (textKeys.size >= MAX_TEXT_KEYS) textKeys.delete(textKeys.keys().next().value!);
    imported = importHmacKey(key);
    textKeys.set(key, imported);
  }
  return imported;
}

export async function hmacSha256(key: KeyMaterial, message: KeyMaterial): Promise<ArrayBuffer> {
  return crypto.subtle.sign("HMAC", await hmacKey(key), bytesOf(message));
}

export async function hmacSha256Hex(key: KeyMaterial, message: KeyMaterial): Promise<string> {
  return toHex(await hmacSha256(key, message));
}

/** Constant-time comparison of two strings of hex or base64 text. */
export function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function base64UrlEncode(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes base64url; returns null for anything that is not. */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  try {
    const binary = atob(padded);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** A purpose-bound key derived from a Worker secret (HKDF-SHA256), so one secret never signs two kinds of thing. */
export async function deriveKey(secret: string, purpose: string): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(purpose) },
    base,
    256,
  );
  return new Uint8Array(bits);
}

const macKeys = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA256 key for one purpose, derived from a secret once per isolate. */
export function purposeMacKey(secret: string, purpose: string): Promise<CryptoKey> {
  const id = `${purpose}\u0000${secret}`;
  let key = macKeys.get(id);
  if (!key) {
    key = deriveKey(secret, purpose).then((raw) =>
      crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
    );
    macKeys.set(id, key);
  }
  return key;
}
