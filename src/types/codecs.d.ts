/** Types for the pure-JavaScript codecs that ship none. */
declare module "lz4js" {
  /** Decodes a raw LZ4 block into `dst`; returns the index after the last byte written. Does not check bounds. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
  /** Encodes `src` as a raw LZ4 block into `dst` (at least `compressBound(n)` bytes); returns its length. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  export function compressBound(n: number): number;
}

declare module "snappyjs" {
  /** Decodes raw Snappy; throws when the stream is invalid or declares more than `maxLength` bytes. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
