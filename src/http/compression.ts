/**
 * Compressed request bodies, as the Java DIS SDK sends them with `body.compress.enabled`: the whole
 * body (JSON or protobuf) as a raw LZ4 block (`Content-Encoding: lz4`, original length in
 * `x-dis-lz4-content-length`), raw Snappy (`snappy`, the length is the stream's own preamble) or a
 * zstd frame (`zstd`, `x-dis-zstd-content-length`). Signatures cover the compressed bytes; this
 * module runs after them. The size limit is checked against the declared length before anything is
 * inflated, and inflating stops at the limit, so a small body cannot grow into a large one.
 */
import { Decompress as ZstdStream } from "fzstd";
import { decompressBlock as lz4DecompressBlock } from "lz4js";
import { uncompress as snappyUncompress } from "snappyjs";
import { disError } from "../errors/dis-error";

/** The largest body the service takes once decompressed: a 5 MiB put of base64 data, with room for its JSON. */
export const MAX_DECOMPRESSED_BODY_BYTES = 8 * 1024 * 1024;

export const BODY_ENCODINGS = ["lz4", "snappy", "zstd"] as const;

export interface EncodedBody {
  /** The `Content-Encoding` of the request, lowercased; `identity` or absent means none. */
  encoding: string | undefined;
  /** `x-dis-lz4-content-length` or `x-dis-zstd-content-length`, as sent. */
  declaredLength: string | undefined;
  bytes: Uint8Array;
}

/** The header that carries the original length for an encoding, if it has one. */
export function lengthHeaderOf(encoding: string): string | undefined {
  return encoding === "lz4" ? "x-dis-lz4-content-length" : encoding === "zstd" ? "x-dis-zstd-content-length" : undefined;
}

function declared(body: EncodedBody, required: boolean, limit: number): number | undefined {
  const text = body.declaredLength;
  const header = lengthHeaderOf(body.encoding ?? "");
  if (text === undefined) {
    if (required) throw disError("DIS.4200", `${header} is required with Content-Encoding: ${body.encoding}.`);
    return undefined;
  }
  if (!/^\d{1,10}$/.test(text.trim())) throw disError("DIS.4200", `${header} must be the body's length before compression.`);
  const length = Number(text.trim());
  if (length > limit) throw disError("DIS.4200", `The body is ${length} bytes before compression; at most ${limit} are taken.`);
  return length;
}

function corrupt(encoding: string, why: string): never {
  throw disError("DIS.4300", `The ${encoding} body does not decompress: ${why}.`);
}

/**
 * How many bytes an LZ4 block decodes to, read from its sequence headers alone, without copying;
 * -1 when the block is malformed or would pass `limit`. The codec itself does not check bounds,
 * so this walk runs first and the codec only ever decodes a block that fits its buffer.
 */
export function lz4DecodedLength(block: Uint8Array, limit: number): number {
  let i = 0;
  let total = 0;
  const lengthExtension = (base: number): number => {
    let length = base;
    if (base !== 15) return length;
    for (;;) {
      if (i >= block.length) return -1;
      const byte = block[i++]!;
      length += byte;
      if (length > limit) return -1;
      if (byte !== 255) return length;
    }
  };
  while (i < block.length) {
    const token = block[i++]!;
    const literals = lengthExtension(token >> 4);
    if (literals < 0 || i + literals > block.length) return -1;
    i += literals;
    total += literals;
    if (total > limit) return -1;
    if (i === block.length) return total; // the last sequence has literals only
    if (i + 2 > block.length) return -1;
    const offset = block[i]! | (block[i + 1]! << 8);
    i += 2;
    if (offset === 0 || offset > total) return -1;
    const match = lengthExtension(token & 15);
    if (match < 0) return -1;
    total += match + 4;
    if (total > limit) return -1;
  }
  return block.length === 0 ? 0 : -1;
}

function inflateLz4(body: EncodedBody, limit: number): Uint8Array {
  const length = declared(body, true, limit)!;
  const decoded = lz4DecodedLength(body.bytes, limit);
  if (decoded < 0) corrupt("lz4", "not a valid LZ4 block");
  if (decoded !== length) corrupt("lz4", `it holds ${decoded} bytes, x-dis-lz4-content-length says ${length}`);
  const out = new Uint8Array(length);
  lz4DecompressBlock(body.bytes, out, 0, body.bytes.length, 0);
  return out;
}

/** The length a raw Snappy stream declares in its preamble (a varint), or -1. */
function snappyPreamble(bytes: Uint8Array): number {
  let length = 0;
  for (let i = 0, shift = 0; i < bytes.length && shift < 35; i++, shift += 7) {
    length += (bytes[i]! & 0x7f) * 2 ** shift;
    if (bytes[i]! < 0x80) return length;
  }
  return -1;
}

function inflateSnappy(body: EncodedBody, limit: number): Uint8Array {
  const length = snappyPreamble(body.bytes);
  if (length < 0) corrupt("snappy", "no length preamble");
  if (length > limit) throw disError("DIS.4200", `The body is ${length} bytes before compression; at most ${limit} are taken.`);
  try {
    return snappyUncompress(body.bytes, limit);
  } catch {
    corrupt("snappy", "not a valid Snappy stream");
  }
}

function inflateZstd(body: EncodedBody, limit: number): Uint8Array {
  const length = declared(body, false, limit);
  const parts: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const stream = new ZstdStream((part, final) => {
    total += part.length;
    if (total > limit) throw disError("DIS.4200", `The body is larger than ${limit} bytes before compression.`);
    parts.push(part);
    if (final) ended = true;
  });
  try {
    // Fed in slices, so the output is counted (and stopped) as it grows.
    const slice = 64 * 1024;
    for (let at = 0; at < body.bytes.length; at += slice) {
      const end = Math.min(at + slice, body.bytes.length);
      stream.push(body.bytes.subarray(at, end), end === body.bytes.length);
    }
  } catch (error) {
    if (error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("DIS.")) throw error;
    corrupt("zstd", "not a valid zstd frame");
  }
  if (!ended && body.bytes.length > 0) corrupt("zstd", "the frame is truncated");
  if (length !== undefined && length !== total) corrupt("zstd", `it holds ${total} bytes, x-dis-zstd-content-length says ${length}`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The body as the client wrote it before compressing; uncompressed bodies pass through. */
export function decompressBody(body: EncodedBody, limit = MAX_DECOMPRESSED_BODY_BYTES): Uint8Array {
  const encoding = body.encoding?.trim().toLowerCase();
  if (encoding === undefined || encoding === "" || encoding === "identity") return body.bytes;
  switch (encoding) {
    case "lz4":
      return inflateLz4(body, limit);
    case "snappy":
      return inflateSnappy(body, limit);
    case "zstd":
      return inflateZstd(body, limit);
    default:
      throw disError("DIS.4200", `Content-Encoding ${encoding} is not supported; bodies may be sent as ${BODY_ENCODINGS.join(", ")} or uncompressed.`);
  }
}
