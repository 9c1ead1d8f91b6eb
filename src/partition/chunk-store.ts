/** The chunk table of a partition log: every SQL statement on it, in one place. */
import { decodeChunk } from "./chunk-codec";
import type { ChunkAge } from "./retention";
import type { SealedChunk } from "./segment-codec";

/** Chunks stay well under the 2 MB limit of one SQLite value. */
export const MAX_CHUNK_BYTES = 1536 * 1024;

export interface StoredRecord {
  sequence: number;
  data: Uint8Array;
  partitionKey?: string;
  timestamp: number;
}

interface ChunkRow extends Record<string, SqlStorageValue> {
  first_sequence: number;
  last_sequence: number;
  timestamp: number;
  data: ArrayBuffer;
}

export class ChunkStore {
  constructor(private readonly sql: SqlStorage) {}

  /** One past the highest sequence number stored, or null when there are no chunks. */
  nextAfterChunks(): number | null {
    const row = this.sql.exec<{ last: number | null }>("SELECT max(last_sequence) AS last FROM chunks").one();
    return row.last === null ? null : row.last + 1;
  }

  /** The newest record timestamp stored (0 when there are no chunks): timestamps never go below it. */
  lastTimestamp(): number {
    return this.sql.exec<{ t: number | null }>("SELECT max(timestamp) AS t FROM chunks").one().t ?? 0;
  }

  /** Stores one encoded chunk of `count` records from `first`; returns the rows SQLite wrote (what storage bills). */
  insert(first: number, count: number, timestamp: number, dataBytes: number, blob: Uint8Array): number {
    return this.sql.exec(
      "INSERT INTO chunks (first_sequence, last_sequence, timestamp, bytes, data) VALUES (?, ?, ?, ?, ?)",
      first,
      first + count - 1,
      timestamp,
      dataBytes,
      blob,
    ).rowsWritten;
  }

  /** Records from `sequence` on, chunk by chunk, in order; stop iterating to stop reading. */
  *recordsFrom(sequence: number): Generator<StoredRecord> {
    const start =
      this.sql.exec<{ first: number | null }>("SELECT max(first_sequence) AS first FROM chunks WHERE first_sequence <= ?", sequence).one().first ??
      sequence;
    const rows = this.sql.exec<ChunkRow>(
      "SELECT first_sequence, last_sequence, timestamp, data FROM chunks WHERE first_sequence >= ? ORDER BY first_sequence",
      start,
    );
    for (const row of rows) {
      if (row.last_sequence < sequence) continue;
      const skip = Math.max(0, sequence - row.first_sequence);
      const records = decodeChunk(new Uint8Array(row.data), skip);
      for (let i = 0; i < records.length; i++) {
        yield { ...records[i]!, sequence: row.first_sequence + skip + i, timestamp: row.timestamp };
      }
    }
  }

  /** The timestamp of the chunk holding `sequence`. */
  private timestampAt(sequence: number): number | null {
    const row = this.sql
      .exec<{ t: number }>("SELECT timestamp AS t FROM chunks WHERE first_sequence <= ? ORDER BY first_sequence DESC LIMIT 1", sequence)
      .toArray()[0];
    return row?.t ?? null;
  }

  /**
   * The first sequence number in [earliest, next) whose record has a timestamp ≥ `timestamp`,
   * else `next`. Timestamps never decrease along the log, so a binary search over chunk seeks finds it.
   */
  sequenceAtTimestamp(timestamp: number, earliest: number, next: number): number {
    let lo = earliest;
    let hi = next;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const t = this.timestampAt(mid);
      if (t !== null && t >= timestamp) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The chunks' ages, oldest first, as far as the iteration is taken. */
  *ages(): Generator<ChunkAge> {
    const rows = this.sql.exec<{ first_sequence: number; timestamp: number }>("SELECT first_sequence, timestamp FROM chunks ORDER BY first_sequence");
    for (const row of rows) yield { firstSequence: row.first_sequence, lastTimestamp: row.timestamp };
  }

  dropBefore(sequence: number): void {
    this.sql.exec("DELETE FROM chunks WHERE first_sequence < ?", sequence);
  }

  /** The lowest sequence number held in chunks, or null when there are none. */
  firstSequence(): number | null {
    return this.sql.exec<{ first: number | null }>("SELECT min(first_sequence) AS first FROM chunks").one().first;
  }

  /** Bytes the chunks' blobs take. */
  storedBytes(): number {
    return this.sql.exec<{ bytes: number }>("SELECT coalesce(sum(length(data)), 0) AS bytes FROM chunks").one().bytes;
  }

  /** The chunks, oldest first, whole, as far as the iteration is taken (for sealing into segments). */
  *oldest(): Generator<SealedChunk> {
    const rows = this.sql.exec<ChunkRow & { bytes: number }>("SELECT first_sequence, last_sequence, timestamp, bytes, data FROM chunks ORDER BY first_sequence");
    for (const row of rows) {
      yield { first: row.first_sequence, last: row.last_sequence, timestamp: row.timestamp, bytes: row.bytes, blob: new Uint8Array(row.data) };
    }
  }

  /** Drops the chunks up to and including the one ending at `last` (they moved to a segment). */
  dropThrough(last: number): void {
    this.sql.exec("DELETE FROM chunks WHERE last_sequence <= ?", last);
  }
}
