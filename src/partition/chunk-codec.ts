/**
 * A chunk: the records of one put to one partition, packed into one blob.
 *
 *   u8 version (1) | u32 record count
 *   per record: f64 timestamp (ms) | u16 key length (0xFFFF = no partition key) | key (UTF-8)
 *               | u32 data length | data
 *
 * Little-endian throughout. Sequence numbers are not stored: record i of a chunk has the
 * chunk's first sequence number + i.
 */

export const CHUNK_VERSION = 1;
const NO_KEY = 0xffff;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ChunkRecord {
  data: Uint8Array;
  partitionKey?: string;
  timestamp: number;
}

export function encodedSize(record: { data: Uint8Array; partitionKey?: string }): number {
  const keyBytes = record.partitionKey === undefined ? 0 : encoder.encode(record.partitionKey).length;
  return 8 + 2 + keyBytes + 4 + record.data.length;
}

export function encodeChunk(records: readonly ChunkRecord[]): Uint8Array {
  const keys = records.map((r) => (r.partitionKey === undefined ? null : encoder.encode(r.partitionKey)));
  let size = 5;
  records.forEach((r, i) => (size += 8 + 2 + (keys[i]?.length ?? 0) + 4 + r.data.length));
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint8(0, CHUNK_VERSION);
  view.setUint32(1, records.length, true);
  let at = 5;
  records.forEach((r, i) => {
    const key = keys[i];
    view.setFloat64(at, r.timestamp, true);
    at += 8;
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
  if (view.getUint8(0) !== CHUNK_VERSION) throw new Error(`unknown chunk version ${view.getUint8(0)}`);
  const count = view.getUint32(1, true);
  const records: ChunkRecord[] = [];
  let at = 5;
  for (let i = 0; i < count; i++) {
    const timestamp = view.getFloat64(at, true);
    const keyLength = view.getUint16(at + 8, true);
    at += 10;
    let partitionKey: string | undefined;
    if (keyLength !== NO_KEY) {
      if (i >= from) partitionKey = decoder.decode(blob.subarray(at, at + keyLength));
      at += keyLength;
    }
    const dataLength = view.getUint32(at, true);
    at += 4;
    if (i >= from) {
      const record: ChunkRecord = { data: blob.subarray(at, at + dataLength), timestamp };
      if (partitionKey !== undefined) record.partitionKey = partitionKey;
      records.push(record);
    }
    at += dataLength;
  }
  return records;
}
