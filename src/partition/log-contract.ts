/**
 * What crosses between the worker and a partition log: the settings sent with writes, an append's
 * records and answer, the shapes of reads, exports and consuming state.
 */
import type { ErrorCode } from "../errors/codes";
import type { StoredRecord } from "./chunk-store";

export type StreamType = "COMMON" | "ADVANCED";

/** What the worker's routing knows of the stream, sent with every write. */
export interface StreamBinding {
  streamType: StreamType;
  retentionMs: number;
  /** The routing the worker used; a log that has heard of a newer one refuses the write. */
  routingEpoch: number;
  /** Whose partition this is, for the events the log records itself (PARTITION_THROTTLED). */
  owner?: PartitionOwner;
}

export interface PartitionOwner {
  projectId: string;
  streamId: string;
  streamName: string;
  partition: number;
}

/** The records of one put for this partition: one encoded chunk (chunk-codec.ts) and each record's data size. */
export interface AppendBatch {
  chunk: Uint8Array;
  sizes: number[];
  /**
   * Put requests this append counts in the metrics: 1 on the request's first partition and 0 on the
   * others for an HTTP put; each record's own request for MQTT publishes (one record each).
   */
  requests: number;
}

/** Per record: its sequence number, or why it was refused. */
export type AppendEntry = { sequence: number } | { error: ErrorCode };

export interface AppendResult {
  /** The writer's routing is out of date (the partitions changed): nothing was appended; route again. */
  staleRouting?: true;
  entries: AppendEntry[];
  /** SQLite rows this append wrote (chunk rows, and the state row when settings changed). */
  rowsWritten: number;
}

export interface SequenceRange {
  /** First retained sequence number. */
  earliest: number;
  /** The next sequence number to be assigned. */
  latest: number;
}

export type ReadRecord = StoredRecord;

/** Records handed to a transfer task. */
export interface ExportResult {
  records: ReadRecord[];
  /** Where the records start: `from`, or the earliest retained record when older ones expired. */
  start: number;
  /** Where the next export starts. */
  next: number;
  /** The next sequence number to be assigned: the end of the log when read. */
  latest: number;
}

/** How a read hands its records over: as objects, or already as the JSON `records` array of get records. */
export type ReadFormat = "records" | "json";

export interface ReadResult {
  records: ReadRecord[];
  /** The records array of the get-records answer as UTF-8 JSON, for the "json" format. */
  json: Uint8Array;
  count: number;
  /** Bytes of record data returned. */
  bytes: number;
  /** Where the next read starts. */
  next: number;
  /** How many of the records came from segments in R2 rather than the hot chunks (counted with STORAGE_STATS on, else 0). */
  fromSegments: number;
}

/** A consumer's position in this partition, with the partition's retained range. */
export interface ConsumingState extends SequenceRange {
  /** The committed sequence number, -1 where none was committed. */
  sequence: number;
}

export type { CursorType } from "./positions";
