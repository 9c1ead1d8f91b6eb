/**
 * A segment: sealed chunks of a partition log packed into one R2 object, as gzip blocks that can
 * be fetched and decoded one at a time (a read fetches a byte range, not the whole segment).
 *
 *   segment := block*
 *   block   := gzip(entry*)        about BLOCK_BYTES of chunks before compression
 *   entry   := f64 timestamp | u32 chunk length | chunk (chunk-codec.ts)
 *
 * Little-endian. Sequence numbers are not stored: a block's records follow on from the block's
 * first sequence number, which its index entry holds with its timestamps and byte range. gzip's
 * CRC checks every block when it is decoded.
 */
import { gunzipSync, gzipSync } from "fflate";
import { decodeChunk } from "./chunk-codec";
import type { StoredRecord } from "./chunk-store";

/** Chunk bytes per block before compression; a chunk larger than that makes a block alone. */
export const BLOCK_BYTES = 1024 * 1024;

/** A chunk as the hot store holds it. */
export interface SealedChunk {
  first: number;
  last: number;
  timestamp: number;
  /** Record data bytes (without the chunk's framing). */
  bytes: number;
  blob: Uint8Array;
}

/** Where one block of a segment lies and what it holds. */
export interface BlockEntry {
  first: number;
  last: number;
  firstTimestamp: number;
  lastTimestamp: number;
  /** Byte range in the segment object. */
  offset: number;
  length: number;
  /** Record data bytes. */
  bytes: number;
}

export interface BuiltSegment {
  body: Uint8Array;
  blocks: BlockEntry[];
  first: number;
  last: number;
  lastTimestamp: number;
}

const ENTRY_HEADER = 12;
/** No block holds more: BLOCK_BYTES, plus a last chunk (at most MAX_CHUNK_BYTES) that started within it. */
const MAX_BLOCK_RAW_BYTES = 4 * 1024 * 1024;

function encodeBlock(chunks: readonly SealedChunk[]): Uint8Array {
  const size = chunks.reduce((sum, c) => sum + ENTRY_HEADER + c.blob.length, 0);
  const raw = new Uint8Array(size);
  const view = new DataView(raw.buffer);
  let at = 0;
  for (const chunk of chunks) {
    view.setFloat64(at, chunk.timestamp, true);
    view.setUint32(at + 8, chunk.blob.length, true);
    raw.set(chunk.blob, at + ENTRY_HEADER);
    at += ENTRY_HEADER + chunk.blob.length;
  }
  return gzipSync(raw, { level: 1 });
}

/** Packs consecutive chunks, in order, into a segment of blocks of about BLOCK_BYTES each. */
export function buildSegment(chunks: readonly SealedChunk[], blockBytes = BLOCK_BYTES): BuiltSegment {
  if (chunks.length === 0) throw new RangeError("a segment holds at least one chunk");
  const groups: SealedChunk[][] = [];
  let current: SealedChunk[] = [];
  let size = 0;
  for (const chunk of chunks) {
    if (current.length > 0 && size + chunk.blob.length > blockBytes) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(chunk);
    size += chunk.blob.length;
  }
  groups.push(current);

  const encoded = groups.map(encodeBlock);
  const body = new Uint8Array(encoded.reduce((sum, b) => sum + b.length, 0));
  const blocks: BlockEntry[] = [];
  let offset = 0;
  groups.forEach((group, i) => {
    const bytes = encoded[i]!;
    body.set(bytes, offset);
    blocks.push({
      first: group[0]!.first,
      last: group.at(-1)!.last,
      firstTimestamp: group[0]!.timestamp,
      lastTimestamp: group.at(-1)!.timestamp,
      offset,
      length: bytes.length,
      bytes: group.reduce((sum, c) => sum + c.bytes, 0),
    });
    offset += bytes.length;
  });
  return { body, blocks, first: blocks[0]!.first, last: blocks.at(-1)!.last, lastTimestamp: blocks.at(-1)!.lastTimestamp };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The block's bytes, uncompressed, checked against the CRC and length in gzip's trailer. */
function inflateChecked(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 18) throw new Error("malformed segment block");
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  // gzip's own length, checked before inflating: the inflater sizes its output by it.
  if (trailer.getUint32(4, true) > MAX_BLOCK_RAW_BYTES) throw new Error("malformed segment block");
  let raw: Uint8Array;
  try {
    raw = gunzipSync(bytes);
  } catch {
    throw new Error("malformed segment block");
  }
  if (raw.length !== trailer.getUint32(4, true) || crc32(raw) !== trailer.getUint32(0, true)) throw new Error("damaged segment block");
  return raw;
}

/** The records of one block, numbered from `first`; throws when the bytes are not a whole, intact block. */
export function decodeBlock(bytes: Uint8Array, first: number): StoredRecord[] {
  const raw = inflateChecked(bytes);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const records: StoredRecord[] = [];
  let sequence = first;
  let at = 0;
  while (at < raw.length) {
    if (at + ENTRY_HEADER > raw.length) throw new Error("malformed segment block");
    const timestamp = view.getFloat64(at, true);
    const length = view.getUint32(at + 8, true);
    if (at + ENTRY_HEADER + length > raw.length) throw new Error("malformed segment block");
    for (const record of decodeChunk(raw.subarray(at + ENTRY_HEADER, at + ENTRY_HEADER + length))) {
      records.push({ ...record, sequence: sequence++, timestamp });
    }
    at += ENTRY_HEADER + length;
  }
  return records;
}
