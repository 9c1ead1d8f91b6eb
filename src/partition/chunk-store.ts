/** The chunk table of a partition log: every SQL statement on it, in one place. */
import { decodeChunk, encodeChunk, type ChunkRecord } from "./chunk-codec";
import type { ChunkAge } from "./retention";

/** Chunks stay well under the 2 MB limit of one SQLite value. */
export const MAX_CHUNK_BYTES = 1536 * 1024;

interface ChunkRow extends Record<string, SqlStorageValue> {
  first_sequence: number;
  last_sequence: number;
  last_timestamp: number;
  data: ArrayBuffer;
}

export class ChunkStore {
  constructor(private readonly sql: SqlStorage) {}

  /** One past the highest sequence number stored, or null when there are no chunks. */
  nextAfterChunks(): number | null {
    const row = this.sql.exec<{ last: number | null }>("SELECT max(last_sequence) AS last FROM chunks").one();
    return row.last === null ? null : row.last + 1;
  }

  /**
   * Appends records as chunks starting at `first`, splitting so no chunk exceeds MAX_CHUNK_BYTES.
   * Returns the rows SQLite wrote (what storage is billed by).
   */
  append(first: number, records: readonly ChunkRecord[], sizes: readonly number[]): number {
    let rowsWritten = 0;
    let start = 0;
    while (start < records.length) {
      let end = start;
      let bytes = 5;
      while (end < records.length && (end === start || bytes + sizes[end]! <= MAX_CHUNK_BYTES)) bytes += sizes[end++]!;
      const part = records.slice(start, end);
      const dataBytes = part.reduce((sum, r) => sum + r.data.length, 0);
      const cursor = this.sql.exec(
        "INSERT INTO chunks (first_sequence, last_sequence, first_timestamp, last_timestamp, record_count, bytes, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
        first + start,
        first + end - 1,
        part[0]!.timestamp,
        part[part.length - 1]!.timestamp,
        part.length,
        dataBytes,
        encodeChunk(part),
      );
      rowsWritten += cursor.rowsWritten;
      start = end;
    }
    return rowsWritten;
  }

  /** The first sequence number of the chunk holding `sequence`. */
  private chunkStartAt(sequence: number): number | null {
    const row = this.sql
      .exec<{ first: number | null }>("SELECT max(first_sequence) AS first FROM chunks WHERE first_sequence <= ?", sequence)
      .one();
    return row.first;
  }

  /** Records from `sequence` on, chunk by chunk, in order; stop iterating to stop reading. */
  *recordsFrom(sequence: number): Generator<ChunkRecord & { sequence: number }> {
    const start = this.chunkStartAt(sequence) ?? sequence;
    const rows = this.sql.exec<ChunkRow>(
      "SELECT first_sequence, last_sequence, last_timestamp, data FROM chunks WHERE first_sequence >= ? ORDER BY first_sequence",
      start,
    );
    for (const row of rows) {
      if (row.last_sequence < sequence) continue;
      const skip = Math.max(0, sequence - row.first_sequence);
      const records = decodeChunk(new Uint8Array(row.data), skip);
      for (let i = 0; i < records.length; i++) yield { ...records[i]!, sequence: row.first_sequence + skip + i };
    }
  }

  /** The newest timestamp of the chunk holding `sequence`. */
  private lastTimestampAt(sequence: number): number | null {
    const row = this.sql
      .exec<{ t: number }>("SELECT last_timestamp AS t FROM chunks WHERE first_sequence <= ? ORDER BY first_sequence DESC LIMIT 1", sequence)
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
      const t = this.lastTimestampAt(mid);
      if (t !== null && t >= timestamp) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= next) return next;
    for (const record of this.recordsFrom(lo)) {
      if (record.timestamp >= timestamp) return record.sequence;
    }
    return next;
  }

  /** The oldest chunks' ages, oldest first, as far as the iteration is taken. */
  *ages(): Generator<ChunkAge> {
    const rows = this.sql.exec<{ first_sequence: number; last_timestamp: number }>(
      "SELECT first_sequence, last_timestamp FROM chunks ORDER BY first_sequence",
    );
    for (const row of rows) yield { firstSequence: row.first_sequence, lastTimestamp: row.last_timestamp };
  }

  dropBefore(sequence: number): void {
    this.sql.exec("DELETE FROM chunks WHERE first_sequence < ?", sequence);
  }
}
