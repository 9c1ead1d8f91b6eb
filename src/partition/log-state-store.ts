/** The partition log's one state row (`log_state`): every SQL statement on it, in one place. */
import type { StreamType } from "./log-contract";

/** The log's settings and bounds as stored. `nextSequence` is as of the last retention run or erase (appends recover it from the chunks). */
export interface LogState {
  nextSequence: number;
  earliestSequence: number;
  retentionMs: number;
  streamType: StreamType;
  erased: boolean;
  routingEpoch: number;
  writable: boolean;
  /** Where a read-only log's keys went (partition ids); empty while writable. */
  children: string[];
}

interface LogStateRow extends Record<string, SqlStorageValue> {
  next_sequence: number;
  earliest_sequence: number;
  retention_ms: number;
  stream_type: string;
  erased: number;
  routing_epoch: number;
  writable: number;
  children: string;
}

export class LogStateStore {
  constructor(private readonly sql: SqlStorage) {}

  load(): LogState {
    const row = this.sql
      .exec<LogStateRow>("SELECT next_sequence, earliest_sequence, retention_ms, stream_type, erased, routing_epoch, writable, children FROM log_state")
      .one();
    return {
      nextSequence: row.next_sequence,
      earliestSequence: row.earliest_sequence,
      retentionMs: row.retention_ms,
      streamType: row.stream_type === "ADVANCED" ? "ADVANCED" : "COMMON",
      erased: row.erased === 1,
      routingEpoch: row.routing_epoch,
      writable: row.writable === 1,
      children: row.children === "" ? [] : row.children.split(","),
    };
  }

  /** Stores the stream's settings and the routing this log is in; returns the rows written. */
  saveSettings(settings: { retentionMs: number; streamType: StreamType; routingEpoch: number; writable: boolean }): number {
    return this.sql.exec(
      "UPDATE log_state SET retention_ms = ?, stream_type = ?, routing_epoch = ?, writable = ?",
      settings.retentionMs,
      settings.streamType,
      settings.routingEpoch,
      settings.writable ? 1 : 0,
    ).rowsWritten;
  }

  saveRouting(epoch: number, writable: boolean, children: readonly string[]): void {
    this.sql.exec("UPDATE log_state SET routing_epoch = ?, writable = ?, children = ?", epoch, writable ? 1 : 0, children.join(","));
  }

  /** Stores the retained range after retention dropped chunks. */
  saveRange(earliest: number, next: number): void {
    this.sql.exec("UPDATE log_state SET earliest_sequence = ?, next_sequence = ?", earliest, next);
  }

  markErased(): void {
    this.sql.exec("UPDATE log_state SET erased = 1");
  }
}
