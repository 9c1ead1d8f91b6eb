/**
 * Partition cursors: opaque to DIS clients, at most 512 characters, valid 5 minutes, and bound to
 * the project, stream incarnation and partition they were issued for.
 *
 * A cursor is base64url of a JSON object with exactly the two keys the DIS Kafka adapter reads:
 *
 *   {"getIteratorParam": {"stream-id", "partition-id": "shardId-…", "cursor-type": "AT_SEQUENCE_NUMBER",
 *                         "starting-sequence-number": "<next record to read>", "project-id",
 *                         "granted": 0|1, "mac"},
 *    "generateTimestamp": <issued at, epoch ms>}
 *
 * The adapter decodes it to learn the position (`starting-sequence-number`, always the resolved
 * sequence number); the service trusts none of it without `mac`, an HMAC-SHA256 (128 bits) over
 * every other field under a key derived from the AUTH_SECRET Worker secret, so a cursor cannot
 * be forged or moved to another stream, partition, position or project. `granted` marks a stream
 * of another account reached through a stream policy, whose grant get records checks again.
 *
 * Cursors of the earlier binary form (`payload.mac`, version 1) are still read until they expire.
 */
import { base64UrlDecode, base64UrlEncode, purposeMacKey, timingSafeEqualText } from "../auth/crypto";
import { parsePartitionId, partitionId } from "../streams/partitions";

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

async function mac(payload: string, secret: string, purpose = "dis/cursor/v1"): Promise<string> {
  const key = await purposeMacKey(secret, purpose);
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(payload));
  return base64UrlEncode(new Uint8Array(signature, 0, MAC_BYTES));
}

/** The earlier binary form, which decodeCursor still reads (and tests write). */
export async function encodeBinaryCursor(cursor: Cursor, secret: string): Promise<string> {
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

const JSON_PURPOSE = "dis/cursor/v2";

/** What the MAC of a JSON cursor covers: every field, in a fixed order, separated by a character none may hold. */
function macInput(c: Cursor): string {
  return [c.projectId, c.granted ? 1 : 0, c.streamId, c.partitionIndex, c.sequence, c.issuedAt].join("\n");
}

export async function encodeCursor(cursor: Cursor, secret: string): Promise<string> {
  const param = {
    "stream-id": cursor.streamId,
    "partition-id": partitionId(cursor.partitionIndex),
    "cursor-type": "AT_SEQUENCE_NUMBER",
    "starting-sequence-number": String(cursor.sequence),
    "project-id": cursor.projectId,
    granted: cursor.granted ? 1 : 0,
    mac: await mac(macInput(cursor), secret, JSON_PURPOSE),
  };
  return base64UrlEncode(encoder.encode(JSON.stringify({ getIteratorParam: param, generateTimestamp: cursor.issuedAt })));
}

function parseJson(bytes: Uint8Array): { cursor: Cursor; mac: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { getIteratorParam: p, generateTimestamp: issuedAt } = value as Record<string, unknown>;
  if (typeof p !== "object" || p === null || typeof issuedAt !== "number") return null;
  const param = p as Record<string, unknown>;
  const streamId = param["stream-id"];
  const projectId = param["project-id"];
  const sequence = param["starting-sequence-number"];
  const index = typeof param["partition-id"] === "string" ? parsePartitionId(param["partition-id"]) : null;
  const granted = param.granted;
  if (typeof streamId !== "string" || typeof projectId !== "string" || typeof sequence !== "string" || !/^\d{1,16}$/.test(sequence)) return null;
  if (index === null || (granted !== 0 && granted !== 1) || typeof param.mac !== "string") return null;
  return { cursor: { projectId, granted: granted === 1, streamId, partitionIndex: index, sequence: Number(sequence), issuedAt }, mac: param.mac };
}

/** Verifies and opens a cursor: DIS.4217 when malformed or forged, DIS.4225 when expired. */
export async function decodeCursor(text: string, secret: string, now = Date.now()): Promise<CursorCheck> {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH) return { ok: false, code: "DIS.4217" };
  if (!text.includes(".")) {
    const bytes = base64UrlDecode(text);
    const parsed = bytes ? parseJson(bytes) : null;
    if (!parsed || !timingSafeEqualText(await mac(macInput(parsed.cursor), secret, JSON_PURPOSE), parsed.mac)) return { ok: false, code: "DIS.4217" };
    return checked(parsed.cursor, now);
  }
  const [payload, signature, extra] = text.split(".");
  if (!payload || !signature || extra !== undefined) return { ok: false, code: "DIS.4217" };
  if (!timingSafeEqualText(await mac(payload, secret), signature)) return { ok: false, code: "DIS.4217" };
  const bytes = base64UrlDecode(payload);
  const cursor = bytes ? parse(bytes) : null;
  if (!cursor) return { ok: false, code: "DIS.4217" };
  return checked(cursor, now);
}

function checked(cursor: Cursor, now: number): CursorCheck {
  if (!Number.isSafeInteger(cursor.sequence) || cursor.sequence < 0) return { ok: false, code: "DIS.4217" };
  if (now - cursor.issuedAt > CURSOR_LIFETIME_MS) return { ok: false, code: "DIS.4225" };
  return { ok: true, cursor };
}
