/**
 * The puts of one gateway into one stream: publishes that arrive while a put is under way wait and
 * go together in the next, in arrival order, so many connections' small records reach the
 * partition logs as few appends (whose group commit joins them further).
 */
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import { DisError, disError } from "../errors/dis-error";
import type { Caller } from "../http/context";
import { noteLatencies, partitionKey } from "../metrics/latency-ledger";
import { putRecords, type PutEntry } from "../records/put";
import { MAX_PUT_BYTES, MAX_RECORDS_PER_PUT } from "../records/validation";
import { parsePartitionId } from "../streams/partitions";

export interface PublishedRecord {
  data: Uint8Array;
  partitionKey?: string;
  /** When the publish arrived, for the put latency metrics. */
  receivedAt: number;
}

export type WriteResult = { ok: true } | { ok: false; code: ErrorCode; message: string };

interface Waiting {
  record: PublishedRecord;
  resolve(result: WriteResult): void;
}

/** The most one put carries: the smaller stream type's limit, whatever the stream's type. */
const MAX_BATCH_BYTES = MAX_PUT_BYTES.COMMON;

function failure(code: ErrorCode, message?: string): WriteResult {
  return { ok: false, code, message: message ?? disError(code).message };
}

export class StreamWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly env: Env,
    /** Any caller of the stream's project: every record was checked against its own connection's grants. */
    private readonly caller: Caller,
    readonly streamName: string,
  ) {}

  get idle(): boolean {
    return !this.writing && this.waiting.length === 0;
  }

  /** Puts one record (data within the record limit, partition key within its length); resolves once it is durable, or refused. */
  submit(record: PublishedRecord): Promise<WriteResult> {
    return new Promise((resolve) => {
      this.waiting.push({ record, resolve });
      if (!this.writing) void this.drain();
    });
  }

  /** The longest prefix of the waiting records that one put may carry. */
  private nextBatch(): Waiting[] {
    let bytes = 0;
    let count = 0;
    for (const w of this.waiting) {
      if (count === MAX_RECORDS_PER_PUT || (count > 0 && bytes + w.record.data.length > MAX_BATCH_BYTES)) break;
      bytes += w.record.data.length;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.put(this.nextBatch());
    } finally {
      this.writing = false;
    }
  }

  private async put(batch: Waiting[]): Promise<void> {
    let entries: PutEntry[];
    let streamId: string | undefined;
    try {
      const records = batch.map((w) => (w.record.partitionKey === undefined ? { data: w.record.data } : { data: w.record.data, partitionKey: w.record.partitionKey }));
      const outcome = await putRecords(this.env, this.caller, { streamName: this.streamName, records, requestPerRecord: true });
      entries = outcome.records;
      streamId = outcome.streamId;
    } catch (error) {
      const result = error instanceof DisError ? failure(error.code, error.message) : failure("DIS.5000");
      if (!(error instanceof DisError)) console.error(`MQTT put into ${this.streamName} failed`, error);
      for (const w of batch) w.resolve(result);
      return;
    }
    const now = Date.now();
    // Latency per partition: publishes, and their milliseconds from arrival to durable, added up.
    const latency = new Map<string, { count: number; totalMs: number }>();
    batch.forEach((w, i) => {
      const entry = entries[i]!;
      if ("errorCode" in entry) {
        w.resolve({ ok: false, code: entry.errorCode, message: entry.errorMessage });
        return;
      }
      const sum = latency.get(entry.partitionId) ?? { count: 0, totalMs: 0 };
      sum.count++;
      sum.totalMs += now - w.record.receivedAt;
      latency.set(entry.partitionId, sum);
      w.resolve({ ok: true });
    });
    if (streamId === undefined) return;
    for (const [id, sum] of latency) {
      const index = parsePartitionId(id);
      if (index !== null) noteLatencies(partitionKey(streamId, index), "put", now, sum.count, sum.totalMs);
    }
  }
}
