/**
 * Turning input into put-records requests: records from lines or whole files, partition keys
 * fixed or from a JSON field, batches within the service's limits (500 records, and 1 MiB of
 * data for a COMMON stream, 5 MiB for an ADVANCED one, reference §5.4.1).
 */
import { MAX_PUT_BYTES, MAX_RECORD_BYTES, MAX_RECORDS_PER_PUT } from "../src/records/limits";

export interface OutRecord {
  data: Uint8Array;
  partitionKey?: string;
}

export interface KeyRule {
  /** The same key for every record. */
  fixed?: string;
  /** The key is this top-level field of each record, parsed as JSON (records that are not JSON objects get no key). */
  field?: string;
}

export function partitionKeyOf(data: Uint8Array, rule: KeyRule): string | undefined {
  if (rule.field === undefined) return rule.fixed;
  try {
    const value = JSON.parse(new TextDecoder().decode(data)) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) return rule.fixed;
    const key = (value as Record<string, unknown>)[rule.field];
    return key === undefined || key === null ? rule.fixed : typeof key === "string" ? key : JSON.stringify(key);
  } catch {
    return rule.fixed;
  }
}

/** Why a record cannot be sent at all (too large), or null. */
export function unsendable(record: OutRecord): string | null {
  return record.data.byteLength > MAX_RECORD_BYTES ? `a record of ${record.data.byteLength} bytes is larger than 1 MiB` : null;
}

/** Collects records into batches that each fit one put-records request. */
export class Batcher<R extends OutRecord = OutRecord> {
  private records: R[] = [];
  private bytes = 0;
  private readonly maxBytes: number;

  constructor(streamType: "COMMON" | "ADVANCED" = "COMMON") {
    this.maxBytes = MAX_PUT_BYTES[streamType];
  }

  /** Adds a record; returns the batch it completed (the records before it), if any. */
  add(record: R): R[] | null {
    let full: R[] | null = null;
    if (this.records.length > 0 && (this.records.length >= MAX_RECORDS_PER_PUT || this.bytes + record.data.byteLength > this.maxBytes)) full = this.take();
    this.records.push(record);
    this.bytes += record.data.byteLength;
    return full;
  }

  /** The records collected so far, as a last batch (null when none). */
  take(): R[] | null {
    if (this.records.length === 0) return null;
    const batch = this.records;
    this.records = [];
    this.bytes = 0;
    return batch;
  }
}

/** Splits a stream of bytes into lines (LF or CRLF), keeping a partial last line for the next chunk; empty lines are skipped. */
export class LineSplitter {
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Uint8Array[] {
    const buffer = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lines: Uint8Array[] = [];
    let start = 0;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, start)) {
      const end = i > start && buffer[i - 1] === 13 ? i - 1 : i;
      if (end > start) lines.push(buffer.subarray(start, end));
      start = i + 1;
    }
    this.rest = Buffer.from(buffer.subarray(start));
    return lines;
  }

  end(): Uint8Array[] {
    const last = this.rest;
    this.rest = Buffer.alloc(0);
    const trimmed = last.length && last[last.length - 1] === 13 ? last.subarray(0, last.length - 1) : last;
    return trimmed.length ? [trimmed] : [];
  }
}
