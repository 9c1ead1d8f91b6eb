/** The segment index of a partition log (`segments`, `segment_blocks`): every SQL statement on it, in one place. */
import type { BlockEntry, BuiltSegment } from "./segment-codec";

/** A block of a segment, as the index knows it. */
export interface IndexedBlock extends BlockEntry {
  segment: string;
}

export interface SegmentRow {
  key: string;
  first: number;
  last: number;
  lastTimestamp: number;
  storedBytes: number;
}

interface BlockRow extends Record<string, SqlStorageValue> {
  first_sequence: number;
  last_sequence: number;
  first_timestamp: number;
  last_timestamp: number;
  segment: string;
  offset: number;
  length: number;
  bytes: number;
}

interface SegmentDbRow extends Record<string, SqlStorageValue> {
  key: string;
  first_sequence: number;
  last_sequence: number;
  last_timestamp: number;
  stored_bytes: number;
}

const BLOCK_COLUMNS = "first_sequence, last_sequence, first_timestamp, last_timestamp, segment, offset, length, bytes";

function blockOf(row: BlockRow): IndexedBlock {
  return {
    first: row.first_sequence,
    last: row.last_sequence,
    firstTimestamp: row.first_timestamp,
    lastTimestamp: row.last_timestamp,
    segment: row.segment,
    offset: row.offset,
    length: row.length,
    bytes: row.bytes,
  };
}

function segmentOf(row: SegmentDbRow): SegmentRow {
  return { key: row.key, first: row.first_sequence, last: row.last_sequence, lastTimestamp: row.last_timestamp, storedBytes: row.stored_bytes };
}

export class SegmentStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Notes a move about to write `key` (before the object is written, so an interrupted move is known). */
  beginMove(key: string, segment: BuiltSegment): void {
    this.sql.exec(
      "INSERT INTO segments (key, first_sequence, last_sequence, last_timestamp, stored_bytes, sealed) VALUES (?, ?, ?, ?, ?, 0)",
      key,
      segment.first,
      segment.last,
      segment.lastTimestamp,
      segment.body.length,
    );
  }

  /** The object is written and checked: its blocks join the index. Call within the transaction that drops the chunks. */
  completeMove(key: string, segment: BuiltSegment): void {
    this.sql.exec("UPDATE segments SET sealed = 1 WHERE key = ?", key);
    for (const b of segment.blocks) {
      this.sql.exec(
        `INSERT INTO segment_blocks (${BLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        b.first,
        b.last,
        b.firstTimestamp,
        b.lastTimestamp,
        key,
        b.offset,
        b.length,
        b.bytes,
      );
    }
  }

  /** Moves that began and never completed (the object may or may not exist). */
  unfinishedMoves(): string[] {
    return this.sql.exec<{ key: string }>("SELECT key FROM segments WHERE sealed = 0").toArray().map((r) => r.key);
  }

  /** Drops a segment and its blocks from the index. */
  forget(key: string): void {
    this.sql.exec("DELETE FROM segment_blocks WHERE segment = ?", key);
    this.sql.exec("DELETE FROM segments WHERE key = ?", key);
  }

  /** The block holding `sequence`, if a segment does. */
  blockAt(sequence: number): IndexedBlock | null {
    const row = this.sql
      .exec<BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM segment_blocks WHERE first_sequence <= ? ORDER BY first_sequence DESC LIMIT 1`, sequence)
      .toArray()[0];
    return row && row.last_sequence >= sequence ? blockOf(row) : null;
  }

  /** The first block holding a record written at or after `timestamp`. */
  firstBlockFrom(timestamp: number): IndexedBlock | null {
    const row = this.sql
      .exec<BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM segment_blocks WHERE last_timestamp >= ? ORDER BY first_sequence LIMIT 1`, timestamp)
      .toArray()[0];
    return row ? blockOf(row) : null;
  }

  /** The lowest sequence number held in segments, or null when there are none. */
  firstSequence(): number | null {
    return this.sql.exec<{ first: number | null }>("SELECT min(first_sequence) AS first FROM segment_blocks").one().first;
  }

  /** One past the highest sequence number in sealed segments, or null when there are none. */
  nextAfterSegments(): number | null {
    const row = this.sql.exec<{ last: number | null }>("SELECT max(last_sequence) AS last FROM segments WHERE sealed = 1").one();
    return row.last === null ? null : row.last + 1;
  }

  /** The newest record timestamp in sealed segments (0 when there are none). */
  lastTimestamp(): number {
    return this.sql.exec<{ t: number | null }>("SELECT max(last_timestamp) AS t FROM segments WHERE sealed = 1").one().t ?? 0;
  }

  /** Sealed segments, oldest first. */
  *sealed(): Generator<SegmentRow> {
    for (const row of this.sql.exec<SegmentDbRow>("SELECT key, first_sequence, last_sequence, last_timestamp, stored_bytes FROM segments WHERE sealed = 1 ORDER BY first_sequence")) {
      yield segmentOf(row);
    }
  }

  /** Every segment's key, sealed or not. */
  keys(): string[] {
    return this.sql.exec<{ key: string }>("SELECT key FROM segments").toArray().map((r) => r.key);
  }
}
