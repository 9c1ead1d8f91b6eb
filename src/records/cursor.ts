/**
 * Partition cursors: opaque, at most 512 characters, valid 5 minutes, and bound to the project,
 * stream incarnation and partition they were issued for.
 *
 *   base64url( u8 version | u8 flags | f64 issuedAt | f64 sequence | u32 partition index
 *              | u8 len + stream id | u8 len + project id ) "." base64url( HMAC-SHA256[0..16) )
 *
 * The project is the caller's; flag 1 marks a stream of another account reached through a
 * stream policy, whose grant get records checks again.
 *
 * The MAC key is derived from the AUTH_SECRET Worker secret, so cursors cannot be forged or
 * moved to another stream or project.
 */
import { base64UrlDecode, base64UrlEncode, purposeMacKey, timingSafeEqualText } from "../auth/crypto";

export const CURSOR_LIFETIME_MS = 5 * 60 * 1000;
export const MAX_CURSOR_LENGTH = 512;
const VERSION = 1;
const MAC_BYTES = 16;
/** Bytes before the stream id's length: version, flags, issuedAt, sequence, partition index. */
const FIXED = 22;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface Cursor {
  /** The project of the caller the cursor was issued to. */
  projectId: string;
  /** The stream belongs to another account and was reached through a stream policy. */
  granted: boolean;
  streamId: string;
  partitionIndex: number;
  /** The sequence number of the next record to read. */
  sequence: number;
  issuedAt: number;
}

export type CursorCheck = { ok: true; cursor: Cursor } | { ok: false; code: "DIS.4217" | "DIS.4225" };

async function mac(payload: string, secret: string): Promise<string> {
  const key = await purposeMacKey(secret, "dis/cursor/v1");
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(payload));
  return base64UrlEncode(new Uint8Array(signature, 0, MAC_BYTES));
}

export async function encodeCursor(cursor: Cursor, secret: string): Promise<string> {
  const stream = encoder.encode(cursor.streamId);
  const project = encoder.encode(cursor.projectId);
  const bytes = new Uint8Array(FIXED + 1 + stream.length + 1 + project.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION);
  view.setUint8(1, cursor.granted ? 1 : 0);
  view.setFloat64(2, cursor.issuedAt);
  view.setFloat64(10, cursor.sequence);
  view.setUint32(18, cursor.partitionIndex);
  view.setUint8(FIXED, stream.length);
  bytes.set(stream, FIXED + 1);
  view.setUint8(FIXED + 1 + stream.length, project.length);
  bytes.set(project, FIXED + 2 + stream.length);
  const payload = base64UrlEncode(bytes);
  return `${payload}.${await mac(payload, secret)}`;
}

function parse(bytes: Uint8Array): Cursor | null {
  if (bytes.length < FIXED + 2) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== VERSION || view.getUint8(1) > 1) return null;
  const streamLength = view.getUint8(FIXED);
  if (bytes.length < FIXED + 2 + streamLength) return null;
  const projectLength = view.getUint8(FIXED + 1 + streamLength);
  if (bytes.length !== FIXED + 2 + streamLength + projectLength) return null;
  return {
    granted: view.getUint8(1) === 1,
    issuedAt: view.getFloat64(2),
    sequence: view.getFloat64(10),
    partitionIndex: view.getUint32(18),
    streamId: decoder.decode(bytes.subarray(FIXED + 1, FIXED + 1 + streamLength)),
    projectId: decoder.decode(bytes.subarray(FIXED + 2 + streamLength)),
  };
}

/** Verifies and opens a cursor: DIS.4217 when malformed or forged, DIS.4225 when expired. */
export async function decodeCursor(text: string, secret: string, now = Date.now()): Promise<CursorCheck> {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH) return { ok: false, code: "DIS.4217" };
  const [payload, signature, extra] = text.split(".");
  if (!payload || !signature || extra !== undefined) return { ok: false, code: "DIS.4217" };
  if (!timingSafeEqualText(await mac(payload, secret), signature)) return { ok: false, code: "DIS.4217" };
  const bytes = base64UrlDecode(payload);
  const cursor = bytes ? parse(bytes) : null;
  if (!cursor || !Number.isSafeInteger(cursor.sequence) || cursor.sequence < 0) return { ok: false, code: "DIS.4217" };
  if (now - cursor.issuedAt > CURSOR_LIFETIME_MS) return { ok: false, code: "DIS.4225" };
  return { ok: true, cursor };
}
