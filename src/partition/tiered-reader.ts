/**
 * Records of a partition log wherever they are: in R2 segments (older) or in the hot chunks
 * (newer). Blocks are fetched by byte range and kept, decoded, in a small cache. Hot chunks are
 * read in one synchronous pass, so a move finishing meanwhile never hides a record; after every
 * fetch the reader looks again where the next record is.
 */
import type { ChunkStore, StoredRecord } from "./chunk-store";
import type { RecordSource } from "./log-reader";
import { decodeBlock } from "./segment-codec";
import type { IndexedBlock, SegmentStore } from "./segment-store";

/** Decoded blocks kept in the partition object: recent reads of segments are served from memory. */
export const BLOCK_CACHE_BYTES = 32 * 1024 * 1024;

class BlockCache {
  private readonly entries = new Map<string, { records: StoredRecord[]; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): StoredRecord[] | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry); // most recently used last
    return entry.records;
  }

  set(key: string, records: StoredRecord[], bytes: number): void {
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { records, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

export class TieredReader implements RecordSource {
  private readonly cache: BlockCache;

  constructor(
    private readonly chunks: ChunkStore,
    private readonly segments: SegmentStore,
    private readonly bucket: R2Bucket,
    cacheBytes = BLOCK_CACHE_BYTES,
  ) {
    this.cache = new BlockCache(cacheBytes);
  }

  /** A block's records, from the cache or fetched (its byte range only); null when its segment is gone (retention). */
  async block(block: IndexedBlock): Promise<StoredRecord[] | null> {
    const key = `${block.segment}@${block.offset}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const object = await this.bucket.get(block.segment, { range: { offset: block.offset, length: block.length } });
    if (object === null) return null;
    const records = decodeBlock(new Uint8Array(await object.arrayBuffer()), block.first);
    this.cache.set(key, records, block.bytes + records.length * 64);
    return records;
  }

  async *recordsFrom(sequence: number): AsyncGenerator<StoredRecord> {
    let at = sequence;
    for (;;) {
      const hotFirst = this.chunks.firstSequence();
      if (hotFirst !== null && at >= hotFirst) break;
      const block = this.segments.blockAt(at);
      if (!block) {
        if (hotFirst === null) return;
        at = hotFirst; // below the hot chunks and in no segment: expired meanwhile
        break;
      }
      const records = await this.block(block);
      if (records === null) return;
      for (const record of records) {
        if (record.sequence < at) continue;
        yield record;
      }
      at = block.last + 1;
    }
    yield* this.chunks.recordsFrom(at);
  }

  /** The first sequence number in [earliest, next) whose record was written at or after `timestamp`, else `next`. */
  async sequenceAtTimestamp(timestamp: number, earliest: number, next: number): Promise<number> {
    const hotFirst = this.chunks.firstSequence();
    const block = this.segments.firstBlockFrom(timestamp);
    if (block && (hotFirst === null || block.first < hotFirst)) {
      const records = await this.block(block);
      const found = records?.find((r) => r.timestamp >= timestamp && r.sequence >= earliest);
      if (found) return found.sequence;
    }
    return this.chunks.sequenceAtTimestamp(timestamp, Math.max(earliest, hotFirst ?? next), next);
  }

  /** Forgets the cached blocks (the log was erased). */
  forget(): void {
    this.cache.clear();
  }
}
