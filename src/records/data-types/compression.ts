/**
 * Records of streams with a `compression_format`: each record's data is compressed on its own,
 * as raw Snappy (the block format of Java's `Snappy.compress`), gzip, or a zip archive of one
 * file. Decompressing either gives the exact data or throws: Snappy streams are walked before
 * they are decoded and must produce their declared length, gzip and zip data must match their
 * CRC-32 and length. Data that would decompress past a limit is refused before it is inflated.
 */
import { gunzipSync, unzipSync } from "fflate";
import { uncompress as snappyUncompress } from "snappyjs";
import { COMPRESSION_FORMATS } from "../../streams/limits";

export { COMPRESSION_FORMATS } from "../../streams/limits";
export type CompressionFormat = (typeof COMPRESSION_FORMATS)[number];

/** The most a record's data may grow to once decompressed. */
export const MAX_DECOMPRESSED_RECORD_BYTES = 8 * 1024 * 1024;

/** A stream's `compression_format` as one of the formats; null when it is unset or not one of them. */
export function compressionFormat(value: string | null): CompressionFormat | null {
  return value !== null && (COMPRESSION_FORMATS as readonly string[]).includes(value) ? (value as CompressionFormat) : null;
}

/** Data that is not what its compression format says, or grows too large. */
export class DecompressionError extends Error {}

function invalid(format: CompressionFormat, reason: string): never {
  throw new DecompressionError(`data is not valid ${format}: ${reason}`);
}

function tooLarge(format: CompressionFormat, size: number, limit: number): never {
  throw new DecompressionError(`data declares ${size} bytes once decompressed (${format}), more than the ${limit} taken`);
}

const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The length a raw Snappy stream declares (a varint of at most 5 bytes) and where its tags start, or null. */
function snappyPreamble(bytes: Uint8Array): { length: number; start: number } | null {
  let length = 0;
  for (let i = 0; i < bytes.length && i < 5; i++) {
    length += (bytes[i]! & 0x7f) * 2 ** (7 * i);
    if (bytes[i]! < 0x80) return { length, start: i + 1 };
  }
  return null;
}

/** Whether the Snappy tags from `start` are in bounds, copy only from bytes already written, and produce exactly `length` bytes. */
function snappyTagsFit(b: Uint8Array, start: number, length: number): boolean {
  let i = start;
  let total = 0;
  while (i < b.length) {
    const tag = b[i++]!;
    let len = (tag >>> 2) + 1;
    if ((tag & 3) === 0) {
      if (len > 60) {
        const extra = len - 60;
        if (i + extra > b.length) return false;
        len = 1;
        for (let k = 0; k < extra; k++) len += b[i + k]! * 2 ** (8 * k);
        i += extra;
      }
      if (i + len > b.length) return false;
      i += len;
    } else {
      const width = [0, 1, 2, 4][tag & 3]!;
      if (i + width > b.length) return false;
      let offset: number;
      if (width === 1) {
        len = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | b[i]!;
      } else {
        offset = width === 2 ? u16(b, i) : u32(b, i);
      }
      i += width;
      if (offset === 0 || offset > total) return false;
    }
    total += len;
    if (total > length) return false;
  }
  return total === length;
}

function unsnappy(data: Uint8Array, limit: number): Uint8Array {
  const preamble = snappyPreamble(data);
  if (!preamble) return invalid("snappy", "no length preamble");
  if (preamble.length > limit) return tooLarge("snappy", preamble.length, limit);
  if (!snappyTagsFit(data, preamble.start, preamble.length)) return invalid("snappy", `the stream does not decode to the ${preamble.length} bytes it declares`);
  return snappyUncompress(data, limit);
}

function gunzip(data: Uint8Array, limit: number): Uint8Array {
  if (data.length < 18) return invalid("gzip", "too short");
  if (data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) return invalid("gzip", "no gzip header");
  const size = u32(data, data.length - 4);
  const crc = u32(data, data.length - 8);
  if (size > limit) return tooLarge("gzip", size, limit);
  const out = gunzipSync(data);
  if (out.length !== size || crc32(out) !== crc) return invalid("gzip", "the CRC-32 or length does not match the data");
  return out;
}

interface ZipEntry {
  crc: number;
  size: number;
}

/** The file entries (not directories) of a zip archive's central directory. */
function zipFileEntries(data: Uint8Array): ZipEntry[] {
  let end = data.length - 22;
  while (end >= 0 && u32(data, end) !== 0x06054b50) {
    if (data.length - end > 65557) end = -1;
    else end--;
  }
  if (end < 0) return invalid("zip", "no end of central directory");
  const count = u16(data, end + 10);
  let at = u32(data, end + 16);
  if (count === 0xffff || at === 0xffffffff) return invalid("zip", "zip64 archives are not taken");
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || u32(data, at) !== 0x02014b50) return invalid("zip", "the central directory is damaged");
    const nameLength = u16(data, at + 28);
    if (nameLength === 0 || data[at + 46 + nameLength - 1] !== 0x2f) entries.push({ crc: u32(data, at + 16), size: u32(data, at + 24) });
    at += 46 + nameLength + u16(data, at + 30) + u16(data, at + 32);
  }
  return entries;
}

function unzipOne(data: Uint8Array, limit: number): Uint8Array {
  const entries = zipFileEntries(data);
  if (entries.length !== 1) return invalid("zip", `the archive holds ${entries.length} files, a record holds exactly one`);
  const entry = entries[0]!;
  if (entry.size > limit) return tooLarge("zip", entry.size, limit);
  const files = Object.values(unzipSync(data, { filter: (file) => !file.name.endsWith("/") }));
  const out = files[0];
  if (files.length !== 1 || !out) return invalid("zip", "the archive's file cannot be read");
  if (out.length !== entry.size || crc32(out) !== entry.crc) return invalid("zip", "the CRC-32 or length does not match the data");
  return out;
}

/** A record's data as it was before compression; throws a DecompressionError saying why when it is not valid `format` data. */
export function decompressRecord(format: CompressionFormat, data: Uint8Array, limit = MAX_DECOMPRESSED_RECORD_BYTES): Uint8Array {
  try {
    switch (format) {
      case "snappy":
        return unsnappy(data, limit);
      case "gzip":
        return gunzip(data, limit);
      case "zip":
        return unzipOne(data, limit);
    }
  } catch (error) {
    if (error instanceof DecompressionError) throw error;
    return invalid(format, error instanceof Error ? error.message : String(error));
  }
}
