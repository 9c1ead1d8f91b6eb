/**
 * The two credential forms a device gives in CONNECT (README "Devices over MQTT"), read and checked
 * without storage; the caller looks up the token's secret or the access key's secret key.
 *
 * - username `<project_id>`, password a DIS token (`POST /v3/auth/tokens`);
 * - username `<AK>`, password `<unix seconds>.<hex HMAC-SHA256(SK, string to sign)>`, where the
 *   string to sign is `DIS-MQTT-HMAC-SHA256\n<unix seconds>\n<client id>`: the secret key never
 *   crosses the wire, and a password is good for one client id within 15 minutes of its time.
 */
import { hmacSha256Hex, timingSafeEqualText } from "../auth/crypto";

export const SIGNATURE_ALGORITHM = "DIS-MQTT-HMAC-SHA256";
/** How far a signature's time may be from the server clock (as X-Sdk-Date). */
export const MAX_SIGNATURE_SKEW_MS = 15 * 60 * 1000;

export type DeviceCredentials =
  | { kind: "token"; projectId: string; token: string }
  | { kind: "signature"; accessKey: string; timestamp: number; signature: string };

const SIGNED_PASSWORD = /^(\d{1,12})\.([0-9a-fA-F]{64})$/;

/** The credentials of a CONNECT, or null when it carries no username and password of either form. */
export function parseCredentials(username: string | undefined, password: Uint8Array | undefined): DeviceCredentials | null {
  if (!username || !password || password.length === 0) return null;
  const text = new TextDecoder().decode(password);
  const signed = SIGNED_PASSWORD.exec(text);
  if (signed) return { kind: "signature", accessKey: username, timestamp: Number(signed[1]), signature: signed[2]!.toLowerCase() };
  return { kind: "token", projectId: username, token: text };
}

export function stringToSign(timestamp: number, clientId: string): string {
  return `${SIGNATURE_ALGORITHM}\n${timestamp}\n${clientId}`;
}

/** The password a device with this secret key sends at `timestamp` (unix seconds). */
export async function signedPassword(secretKey: string, clientId: string, timestamp: number): Promise<string> {
  return `${timestamp}.${await hmacSha256Hex(secretKey, stringToSign(timestamp, clientId))}`;
}

export type SignatureCheck = "ok" | "mismatch" | "skewed";

export async function checkSignature(
  credentials: Extract<DeviceCredentials, { kind: "signature" }>,
  secretKey: string,
  clientId: string,
  now: number,
): Promise<SignatureCheck> {
  if (Math.abs(now - credentials.timestamp * 1000) > MAX_SIGNATURE_SKEW_MS) return "skewed";
  const expected = await hmacSha256Hex(secretKey, stringToSign(credentials.timestamp, clientId));
  return timingSafeEqualText(expected, credentials.signature) ? "ok" : "mismatch";
}
