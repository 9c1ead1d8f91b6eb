/**
 * A chunk: records of one put to one partition (or of a group of puts written together), packed into one blob. All records of a chunk
 * share the append's timestamp, kept in the chunk's row, not in the blob.
 *
 *   u32 record count
 *   per record: u16 key length (0xFFFF = no partition key) | key (UTF-8) | u32 data length | data
 *
 * Little-endian. Sequence numbers are not stored: record i of a chunk has the chunk's first
 * sequence number + i. The worker encodes chunks, so a put crosses to the partition log as one
 * blob; the log re-encodes only when it refuses some records.
 */

const NO_KEY = 0xffff;
const HEADER_BYTES = 4;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ChunkRecord {
  data: Uint8Array;
  partitionKey?: string;
}

export function encodeChunk(records: readonly ChunkRecord[]): Uint8Array<ArrayBuffer> {
  const keys = records.map((r) => (r.partitionKey === undefined ? null : encoder.encode(r.partitionKey)));
  let size = HEADER_BYTES;
  records.forEach((r, i) => (size += 2 + (keys[i]?.length ?? 0) + 4 + r.data.length));
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, records.length, true);
  let at = HEADER_BYTES;
  records.forEach((r, i) => {
    const key = keys[i];
    if (key === null || key === undefined) {
      view.setUint16(at, NO_KEY, true);
      at += 2;
    } else {
      if (key.length >= NO_KEY) throw new RangeError("partition key too long");
      view.setUint16(at, key.length, true);
      out.set(key, at + 2);
      at += 2 + key.length;
    }
    view.setUint32(at, r.data.length, true);
    out.set(r.data, at + 4);
    at += 4 + r.data.length;
  });
  return out;
}

/** Decodes records `from` (index within the chunk) on; `data` views share the blob's memory. */
export function decodeChunk(blob: Uint8Array, from = 0): ChunkRecord[] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const count = view.getUint32(0, true);
  // Every record takes at least its two length fields: a count beyond that is not a chunk.
  if (count > (blob.length - HEADER_BYTES) / 6) throw new Error("malformed chunk");
  const records: ChunkRecord[] = [];
  let at = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const keyLength = view.getUint16(at, true);
    at += 2;
    let partitionKey: string | undefined;
    if (keyLength !== NO_KEY) {
      if (i >= from) partitionKey = decoder.decode(blob.subarray(at, at + keyLength));
      at += keyLength;
    }
    const dataLength = view.getUint32(at, true);
    at += 4;
    if (i >= from) {
      const record: ChunkRecord = { data: blob.subarray(at, at + dataLength) };
      if (partitionKey !== undefined) record.partitionKey = partitionKey;
      records.push(record);
    }
    at += dataLength;
  }
  if (at !== blob.length) throw new Error("malformed chunk");
  return records;
}

/** Groups items, in order, so that each group's chunk (header plus the items' sizes) stays within `maxBytes`; one item may exceed it alone. */
function groupBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxBytes: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = HEADER_BYTES;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && bytes + size > maxBytes) {
      groups.push(current);
      current = [];
      bytes = HEADER_BYTES;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Splits records into groups whose encoded chunks stay within `maxBytes` (one record may exceed it alone). */
export function splitForChunks<T extends ChunkRecord>(records: readonly T[], maxBytes: number): T[][] {
  return groupBySize(records, (r) => 2 + (r.partitionKey === undefined ? 0 : encoder.encode(r.partitionKey).length) + 4 + r.data.length, maxBytes);
}

/** One chunk holding the records of several, in order: their bodies joined under one count. */
export function concatChunks(blobs: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = HEADER_BYTES;
  let count = 0;
  for (const blob of blobs) {
    size += blob.length - HEADER_BYTES;
    count += new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(0, true);
  }
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, count, true);
  let at = HEADER_BYTES;
  for (const blob of blobs) {
    out.set(blob.subarray(HEADER_BYTES), at);
    at += blob.length - HEADER_BYTES;
  }
  return out;
}

/** Groups encoded chunks, in order, so that each group's joined chunk stays within `maxBytes` (one alone may exceed it). */
export function packChunks<T extends { chunk: Uint8Array }>(items: readonly T[], maxBytes: number): T[][] {
  return groupBySize(items, (item) => item.chunk.length - HEADER_BYTES, maxBytes);
}
