/**
 * Taking records from a partition log within a read's limits: one loop for get records and for
 * transfer exports, over any source of records in sequence order (tiered-reader.ts: segments, then hot chunks).
 */
import type { StoredRecord } from "./chunk-store";

/** Where records come from: every record from a sequence number on, in order. */
export interface RecordSource {
  recordsFrom(sequence: number): Iterable<StoredRecord> | AsyncIterable<StoredRecord>;
}

export interface ReadLimits {
  maxBytes: number;
  maxRecords: number;
}

export interface Taken {
  /** The records, their data still views into what the source decoded (copy what leaves the object). */
  records: StoredRecord[];
  /** Bytes of record data taken. */
  bytes: number;
  /** Where the next read starts: after the last record taken, else `from`. */
  next: number;
}

/**
 * Records from `from` on: at most `maxRecords`, and at most `maxBytes` of data, except that the
 * first record is taken even when it alone is larger, so a reader always progresses.
 */
export async function takeRecords(source: RecordSource, from: number, limits: ReadLimits): Promise<Taken> {
  const records: StoredRecord[] = [];
  let bytes = 0;
  let next = from;
  for await (const record of source.recordsFrom(from)) {
    if (records.length >= limits.maxRecords || (records.length > 0 && bytes + record.data.length > limits.maxBytes)) break;
    records.push(record);
    bytes += record.data.length;
    next = record.sequence + 1;
  }
  return { records, bytes, next };
}
