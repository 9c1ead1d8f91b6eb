/**
 * How credentials rest in D1: secret keys AES-GCM encrypted under a key derived from the
 * CREDENTIAL_ENCRYPTION_KEY Worker secret, passwords as salted PBKDF2-SHA256 hashes.
 */
import { base64UrlDecode, base64UrlEncode, deriveKey, timingSafeEqualText } from "./crypto";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The Workers runtime caps PBKDF2 at 100,000 iterations. */
const PBKDF2_ITERATIONS = 100_000;

async function aesKey(secret: string): Promise<CryptoKey> {
  const raw = await deriveKey(secret, "dis/secret-key-encryption/v1");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Encrypts a secret key for storage: `v1.<iv>.<ciphertext>`, base64url parts. */
export async function encryptSecretKey(secretKey: string, encryptionSecret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aesKey(encryptionSecret), encoder.encode(secretKey));
  return `v1.${base64UrlEncode(iv)}.${base64UrlEncode(cipher)}`;
}

/** Decrypts a stored secret key; null when it was not encrypted under this secret. */
export async function decryptSecretKey(stored: string, encryptionSecret: string): Promise<string | null> {
  const [version, ivText, cipherText] = stored.split(".");
  if (version !== "v1" || ivText === undefined || cipherText === undefined) return null;
  const iv = base64UrlDecode(ivText);
  const cipher = base64UrlDecode(cipherText);
  if (!iv || !cipher) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv }, await aesKey(encryptionSecret), cipher);
    return decoder.decode(plain);
  } catch {
    return null;
  }
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${base64UrlEncode(salt)}$${base64UrlEncode(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iterationsText || !saltText || !hashText) return false;
  const salt = base64UrlDecode(saltText);
  const iterations = Number(iterationsText);
  if (!salt || !Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return false;
  const hash = await pbkdf2(password, salt, iterations);
  return timingSafeEqualText(base64UrlEncode(hash), hashText);
}
