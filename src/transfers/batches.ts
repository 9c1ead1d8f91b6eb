/**
 * Reading a partition's records for delivery, one object's worth at a time. A batch never
 * holds more than an object may (bytes of record data, records), never goes past `end` (the
 * log end when the delivery began), and counts the records that expired before they were read.
 */
import type { Outcome } from "../errors/dis-error";
import type { ExportResult, ReadRecord } from "../partition/log-contract";

export interface BatchLimits {
  /** Per read from the partition. */
  pageBytes: number;
  pageRecords: number;
  /** Per object written. */
  objectBytes: number;
  objectRecords: number;
  /** Objects one batch may become (processing_schema can spread a batch over many time directories). */
  batchObjects: number;
  /**
   * The work one run of a task does before it yields and continues a second later, so a large
   * backlog is worked off in several runs, each well within a Durable Object call's limits. Work is
   * counted as bytes of record data plus `recordCost` per record and `objectCost` per object.
   */
  runBytes: number;
  recordCost: number;
  objectCost: number;
}

/** The limits deliveries use (one object of settings, so an operator's change applies everywhere). */
export const BATCH_LIMITS: BatchLimits = {
  pageBytes: 4 * 1024 * 1024,
  pageRecords: 10_000,
  objectBytes: 16 * 1024 * 1024,
  objectRecords: 100_000,
  batchObjects: 64,
  runBytes: 128 * 1024 * 1024,
  recordCost: 256,
  objectCost: 64 * 1024,
};

/** One read of the partition log (PartitionLog.exportRecords). */
export type ExportPage = (from: number, maxBytes: number, maxRecords: number) => Promise<Outcome<ExportResult>>;

export interface Batch {
  records: ReadRecord[];
  /** Bytes of record data in `records`. */
  bytes: number;
  /** Where the next batch starts: every record before it is in this batch, an earlier one, or expired. */
  next: number;
  /** Records between `from` and the first retained one that expired unread. */
  expired: number;
  /** The bound the batch respected: the given one, or the log end at this batch's first read. */
  end: number;
}

/** Reads the records from `from`, up to `end` (null: the log end now), within `limits`. */
export async function readBatch(read: ExportPage, from: number, end: number | null, limits: BatchLimits = BATCH_LIMITS): Promise<Batch> {
  const records: ReadRecord[] = [];
  let bytes = 0;
  let next = from;
  let expired = 0;
  let bound = end;
  while (bytes < limits.objectBytes && records.length < limits.objectRecords && (bound === null || next < bound)) {
    // A record larger than what is left of the object still comes when the batch is empty.
    const maxBytes = Math.max(1, Math.min(limits.pageBytes, limits.objectBytes - bytes));
    const maxRecords = Math.min(limits.pageRecords, limits.objectRecords - records.length);
    const outcome = await read(next, maxBytes, maxRecords);
    if (!outcome.ok) throw new Error(`${outcome.code} ${outcome.detail}`.trim());
    const page = outcome.value;
    bound ??= page.latest;
    expired += Math.max(0, page.start - next);
    next = Math.max(next, page.start);
    for (const record of page.records) {
      if (record.sequence >= bound) break;
      if (records.length > 0 && bytes + record.data.length > limits.objectBytes) break;
      records.push(record);
      bytes += record.data.length;
      next = record.sequence + 1;
    }
    if (page.records.length === 0 || next >= bound || next < page.next) break;
  }
  return { records, bytes, next, expired, end: bound ?? next };
}
