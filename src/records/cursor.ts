/**
 * Partition cursors: opaque, at most 512 characters, valid 5 minutes, and bound to the project,
 * stream incarnation and partition they were issued for.
 *
 *   base64url( u8 version | f64 issuedAt | f64 sequence | u32 partition index
 *              | u8 len + stream id | u8 len + project id ) "." base64url( HMAC-SHA256[0..16) )
 *
 * The MAC key is derived from the AUTH_SECRET Worker secret, so cursors cannot be forged or
 * moved to another stream or project.
 */
import { base64UrlDecode, base64UrlEncode, purposeMacKey, timingSafeEqualText } from "../auth/crypto";

export const CURSOR_LIFETIME_MS = 5 * 60 * 1000;
export const MAX_CURSOR_LENGTH = 512;
const VERSION = 1;
const MAC_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface Cursor {
  projectId: string;
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
  const bytes = new Uint8Array(1 + 8 + 8 + 4 + 1 + stream.length + 1 + project.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION);
  view.setFloat64(1, cursor.issuedAt);
  view.setFloat64(9, cursor.sequence);
  view.setUint32(17, cursor.partitionIndex);
  view.setUint8(21, stream.length);
  bytes.set(stream, 22);
  view.setUint8(22 + stream.length, project.length);
  bytes.set(project, 23 + stream.length);
  const payload = base64UrlEncode(bytes);
  return `${payload}.${await mac(payload, secret)}`;
}

function parse(bytes: Uint8Array): Cursor | null {
  if (bytes.length < 23) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== VERSION) return null;
  const streamLength = view.getUint8(21);
  if (bytes.length < 23 + streamLength) return null;
  const projectLength = view.getUint8(22 + streamLength);
  if (bytes.length !== 23 + streamLength + projectLength) return null;
  return {
    issuedAt: view.getFloat64(1),
    sequence: view.getFloat64(9),
    partitionIndex: view.getUint32(17),
    streamId: decoder.decode(bytes.subarray(22, 22 + streamLength)),
    projectId: decoder.decode(bytes.subarray(23 + streamLength)),
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
