/**
 * One partition of one stream incarnation: its ordered log in the object's SQLite storage.
 * Named `<stream_id>/<index>`, so a re-created stream never sees an old stream's records.
 *
 * Invariants: sequence numbers start at 0, strictly increase and have no gaps; the records of
 * one append get consecutive numbers in request order; appends are numbered and written in
 * groups, in arrival order, each group in one transaction, and an append is answered only once
 * the group holding it is durable.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import type { Outcome } from "../errors/dis-error";
import { encodeBase64 } from "../util/base64";
import { concatChunks, decodeChunk, encodeChunk, packChunks, splitForChunks } from "./chunk-codec";
import { GroupCommit } from "./group-commit";
import type { LatencyReport } from "../metrics/counters";
import type { MinuteRow } from "../metrics/series";
import { CheckpointStore, type Checkpoint } from "./checkpoint-store";
import { ChunkStore, MAX_CHUNK_BYTES, type StoredRecord } from "./chunk-store";
import { MetricsStore } from "./metrics-store";
import { nextExpiry, oldestKept } from "./retention";
import { migrate } from "./storage-schema";
import { LIMITS, PartitionTraffic } from "./traffic";

export type StreamType = "COMMON" | "ADVANCED";

/** What the worker's routing knows of the stream, sent with every write. */
export interface StreamBinding {
  streamType: StreamType;
  retentionMs: number;
  /** The routing the worker used; a log that has heard of a newer one refuses the write. */
  routingEpoch: number;
}

/** The records of one put for this partition: one encoded chunk (chunk-codec.ts) and each record's data size. */
export interface AppendBatch {
  chunk: Uint8Array;
  sizes: number[];
  /** This partition counts the put request in the metrics (the request's first partition does). */
  countsRequest: boolean;
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
}

/** A consumer's position in this partition, with the partition's retained range. */
export interface ConsumingState extends SequenceRange {
  /** The committed sequence number, -1 where none was committed. */
  sequence: number;
}

export type CursorType = "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";

interface LogStateRow extends Record<string, SqlStorageValue> {
  next_sequence: number;
  earliest_sequence: number;
  retention_ms: number;
  stream_type: string;
  erased: number;
  routing_epoch: number;
  writable: number;
}

/** One record of the get-records answer, as JSON text (API.md "Records and cursors"). */
function recordJson(r: StoredRecord): string {
  const key = r.partitionKey === undefined ? "" : `"partition_key":${JSON.stringify(r.partitionKey)},`;
  return `{${key}"sequence_number":"${r.sequence}","data":"${encodeBase64(r.data)}","timestamp":${r.timestamp},"timestamp_type":"CreateTime"}`;
}

const erasedOutcome = { ok: false, code: "DIS.4301", detail: "The stream was deleted." } as const;

/** An append admitted and waiting to be written with its group. */
interface PendingAppend {
  /** The routing epoch it was admitted under. */
  epoch: number;
  /** Its accepted records, encoded. */
  chunk: Uint8Array;
  count: number;
  bytes: number;
}

/** What writing its group did for one append. */
type GroupWritten = { refused: null; first: number; rowsWritten: number } | { refused: "erased" | "stale" };

export class PartitionLog extends DurableObject<Env> {
  private readonly store: ChunkStore;
  private readonly checkpoints: CheckpointStore;
  private readonly metricsStore: MetricsStore;
  private next: number;
  private earliest: number;
  private retentionMs: number;
  private streamType: StreamType;
  private erased: boolean;
  private routingEpoch: number;
  private writable: boolean;
  private lastTimestamp: number;
  private alarmAt: number | null = null;
  /** When the oldest chunk expires (null: no chunks). */
  private retentionDue: number | null;
  /** When the oldest stored metric minute expires (null: none stored). */
  private metricsExpiryDue: number | null = null;
  private traffic: PartitionTraffic | null = null;
  private readonly commits = new GroupCommit<PendingAppend, GroupWritten>(
    (items) => this.writeGroup(items),
    () => this.ctx.storage.sync(),
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.store = new ChunkStore(ctx.storage.sql);
    this.checkpoints = new CheckpointStore(ctx.storage.sql);
    this.metricsStore = new MetricsStore(ctx.storage.sql);
    const state = ctx.storage.sql
      .exec<LogStateRow>("SELECT next_sequence, earliest_sequence, retention_ms, stream_type, erased, routing_epoch, writable FROM log_state")
      .one();
    this.next = Math.max(state.next_sequence, this.store.nextAfterChunks() ?? 0);
    this.earliest = state.earliest_sequence;
    this.retentionMs = state.retention_ms;
    this.streamType = state.stream_type === "ADVANCED" ? "ADVANCED" : "COMMON";
    this.erased = state.erased === 1;
    this.lastTimestamp = this.store.lastTimestamp();
    this.routingEpoch = state.routing_epoch;
    this.writable = state.writable === 1;
    this.retentionDue = nextExpiry(this.store.ages().next().value, this.retentionMs);
    this.metricsExpiryDue = this.metricsStore.oldestExpiry();
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  private trafficControl(): PartitionTraffic | null {
    if (this.env.TRAFFIC_CONTROL === "off") return null;
    this.traffic ??= new PartitionTraffic(LIMITS[this.streamType], Date.now());
    return this.traffic;
  }

  /**
   * Keeps the stream settings the worker sent; writes (and returns rows written) only when they
   * changed. A newer routing epoch from a writer means this partition is ACTIVE in that routing.
   */
  private bind(binding: StreamBinding): number {
    const newer = binding.routingEpoch > this.routingEpoch;
    if (binding.retentionMs === this.retentionMs && binding.streamType === this.streamType && !newer) return 0;
    if (binding.streamType !== this.streamType) this.traffic = null;
    this.retentionMs = binding.retentionMs;
    this.streamType = binding.streamType;
    if (newer) {
      this.routingEpoch = binding.routingEpoch;
      this.writable = true;
    }
    const cursor = this.ctx.storage.sql.exec(
      "UPDATE log_state SET retention_ms = ?, stream_type = ?, routing_epoch = ?, writable = ?",
      this.retentionMs,
      this.streamType,
      this.routingEpoch,
      this.writable ? 1 : 0,
    );
    this.retentionDue = nextExpiry(this.store.ages().next().value, this.retentionMs);
    this.metricsExpiryDue = this.metricsStore.oldestExpiry();
    return cursor.rowsWritten;
  }

  /** Sets the alarm to the earliest of: the oldest chunk's expiry, the metrics buffer's flush, the oldest metric's expiry. */
  private reschedule(): void {
    const due = [this.retentionDue, this.metricsStore.flushDue(), this.metricsExpiryDue].filter((t): t is number => t !== null);
    const at = due.length === 0 ? null : Math.min(...due);
    if (at === this.alarmAt) return;
    this.alarmAt = at;
    if (at === null) void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(at);
  }

  /** Writes buffered metrics when due; returns the rows written. */
  private flushMetrics(now: number, force = false): number {
    const rows = this.metricsStore.flush(now, force);
    if (rows > 0 && this.metricsExpiryDue === null) this.metricsExpiryDue = this.metricsStore.expire(now);
    return rows;
  }

  /**
   * Appends records in order; each gets a sequence number or a per-record error. Appends that
   * arrive while an earlier one is being made durable are written with the next group, as one
   * chunk (group-commit.ts); each is answered once its own records are durable.
   */
  async append(binding: StreamBinding, batch: AppendBatch, latency: LatencyReport[] = []): Promise<Outcome<AppendResult>> {
    if (this.erased) return erasedOutcome;
    if (this.isStale(binding.routingEpoch)) return { ok: true, value: { staleRouting: true, entries: [], rowsWritten: 0 } };
    const bindRows = this.bind(binding);
    const now = Math.max(Date.now(), this.lastTimestamp);
    this.metricsStore.addLatency(latency, now);
    const traffic = this.trafficControl();
    const admitted = batch.sizes.map((size) => !traffic || traffic.admitWrite(size, now));
    const accepted = admitted.filter(Boolean).length;
    const acceptedBytes = batch.sizes.reduce((sum, size, i) => (admitted[i] ? sum + size : sum), 0);
    const throttled = accepted < batch.sizes.length ? 1 : 0;
    if (accepted === 0) {
      this.metricsStore.count(now, { putBytes: 0, putRecords: 0, putRequests: 0, throttledPuts: throttled });
      const rowsWritten = bindRows + this.flushMetrics(now);
      this.reschedule();
      return { ok: true, value: { entries: batch.sizes.map(() => ({ error: "DIS.4303" as const })), rowsWritten } };
    }
    // Some records were refused: what goes on is the accepted ones, re-packed.
    const chunk = accepted === batch.sizes.length ? batch.chunk : encodeChunk(decodeChunk(batch.chunk).filter((_, i) => admitted[i]));

    const written = await this.commits.submit({ epoch: binding.routingEpoch, chunk, count: accepted, bytes: acceptedBytes });
    if (written.refused !== null) {
      return written.refused === "erased" ? erasedOutcome : { ok: true, value: { staleRouting: true, entries: [], rowsWritten: bindRows } };
    }
    this.metricsStore.count(now, { putBytes: acceptedBytes, putRecords: accepted, putRequests: batch.countsRequest ? 1 : 0, throttledPuts: throttled });
    this.reschedule(); // the counts' flush may be due before anything else
    let k = 0;
    const entries: AppendEntry[] = admitted.map((ok) => (ok ? { sequence: written.first + k++ } : { error: "DIS.4303" }));
    return { ok: true, value: { entries, rowsWritten: bindRows + written.rowsWritten } };
  }

  /** Whether a writer's routing is older than this log's, or this log is no longer writable in it. */
  private isStale(epoch: number): boolean {
    return epoch < this.routingEpoch || (!this.writable && epoch === this.routingEpoch);
  }

  /**
   * Writes one group of appends in one transaction, in arrival order: as few chunks as the chunk
   * size allows, one timestamp. The stream's deletion or a routing change since an append was
   * admitted refuses it here. The group's rows are reported on its first written append.
   */
  private writeGroup(items: readonly PendingAppend[]): GroupWritten[] {
    if (this.erased) return items.map(() => ({ refused: "erased" }));
    const now = Math.max(Date.now(), this.lastTimestamp);
    let next = this.next;
    const results: GroupWritten[] = items.map((item) => {
      if (this.isStale(item.epoch)) return { refused: "stale" };
      const first = next;
      next += item.count;
      return { refused: null, first, rowsWritten: 0 };
    });
    const kept = items.filter((_, i) => results[i]!.refused === null);
    if (kept.length === 0) return results;
    let rowsWritten = 0;
    this.ctx.storage.transactionSync(() => {
      let at = this.next;
      const insert = (count: number, bytes: number, blob: Uint8Array) => {
        rowsWritten += this.store.insert(at, count, now, bytes, blob);
        at += count;
      };
      for (const group of packChunks(kept, MAX_CHUNK_BYTES)) {
        const only = group.length === 1 ? group[0]! : null;
        if (only && only.chunk.length > MAX_CHUNK_BYTES) {
          // One put larger than a chunk may be: split into several.
          for (const records of splitForChunks(decodeChunk(only.chunk), MAX_CHUNK_BYTES)) {
            insert(records.length, records.reduce((sum, r) => sum + r.data.length, 0), encodeChunk(records));
          }
        } else if (only) {
          insert(only.count, only.bytes, only.chunk);
        } else {
          const count = group.reduce((sum, item) => sum + item.count, 0);
          insert(count, group.reduce((sum, item) => sum + item.bytes, 0), concatChunks(group.map((item) => item.chunk)));
        }
      }
    });
    this.next = next;
    this.lastTimestamp = now;
    this.retentionDue ??= now + this.retentionMs;
    rowsWritten += this.flushMetrics(now);
    this.reschedule();
    const firstWritten = results.find((r): r is Extract<GroupWritten, { refused: null }> => r.refused === null)!;
    firstWritten.rowsWritten = rowsWritten;
    return results;
  }

  /** The retained sequence range. */
  sequenceRange(): SequenceRange {
    return { earliest: this.earliest, latest: this.next };
  }

  /** Resolves a cursor request to the sequence number where reading starts. */
  position(type: CursorType, sequence?: number, timestamp?: number): Outcome<number> {
    if (this.erased) return erasedOutcome;
    const outOfRange = (s: number): Outcome<number> => ({
      ok: false,
      code: "DIS.4224",
      detail: `${s} is outside [${this.earliest} : ${this.next}].`,
    });
    switch (type) {
      case "TRIM_HORIZON":
        return { ok: true, value: this.earliest };
      case "LATEST":
        return { ok: true, value: this.next };
      case "AT_TIMESTAMP":
        return { ok: true, value: this.store.sequenceAtTimestamp(timestamp ?? 0, this.earliest, this.next) };
      case "AT_SEQUENCE_NUMBER": {
        const s = sequence ?? -1;
        return s >= this.earliest && s <= this.next ? { ok: true, value: s } : outOfRange(s);
      }
      case "AFTER_SEQUENCE_NUMBER": {
        const s = sequence ?? -1;
        return s + 1 >= this.earliest && s + 1 <= this.next ? { ok: true, value: s + 1 } : outOfRange(s);
      }
    }
  }

  /** Reads records from `from`, at most `maxBytes` of data (but at least one record) and `maxRecords` records. */
  read(from: number, maxBytes: number, maxRecords: number, format: ReadFormat = "records", latency: LatencyReport[] = []): Outcome<ReadResult> {
    if (this.erased) return erasedOutcome;
    const now = Date.now();
    this.metricsStore.addLatency(latency, now);
    const result = this.readRecords(from, maxBytes, maxRecords, format, now);
    if (result.ok) this.metricsStore.count(now, { getRequests: 1, getBytes: result.value.bytes, getRecords: result.value.count });
    else if (result.code === "DIS.4303") this.metricsStore.count(now, { throttledGets: 1 });
    this.flushMetrics(now);
    this.reschedule();
    return result;
  }

  private readRecords(from: number, maxBytes: number, maxRecords: number, format: ReadFormat, now: number): Outcome<ReadResult> {
    if (from < this.earliest) return { ok: false, code: "DIS.4226", detail: "" };
    const traffic = this.trafficControl();
    if (traffic && !traffic.canRead(now)) return { ok: false, code: "DIS.4303", detail: "Read limit of the partition reached." };
    const records: ReadRecord[] = [];
    const json: string[] = [];
    let bytes = 0;
    let next = Math.min(from, this.next);
    for (const record of this.store.recordsFrom(next)) {
      // The first record is served even when it alone is larger than maxBytes, so a reader always progresses.
      const count = json.length + records.length;
      if (count >= maxRecords || (count > 0 && bytes + record.data.length > maxBytes)) break;
      bytes += record.data.length;
      if (format === "json") json.push(recordJson(record));
      else records.push({ ...record, data: record.data.slice() });
      next = record.sequence + 1;
    }
    traffic?.recordRead(bytes, now);
    const text = format === "json" ? `[${json.join(",")}]` : "[]";
    return { ok: true, value: { records, json: new TextEncoder().encode(text), count: records.length + json.length, bytes, next } };
  }

  /**
   * Records from `from` for a transfer task, at most `maxBytes` of data and `maxRecords` records,
   * from the earliest retained record when `from` has expired. Not throttled and not counted as
   * reads: delivering a stream is the service's own work.
   */
  exportRecords(from: number, maxBytes: number, maxRecords: number): Outcome<ExportResult> {
    if (this.erased) return erasedOutcome;
    const start = Math.min(Math.max(from, this.earliest), this.next);
    const records: ReadRecord[] = [];
    let bytes = 0;
    let next = start;
    for (const record of this.store.recordsFrom(start)) {
      if (records.length >= maxRecords || (records.length > 0 && bytes + record.data.length > maxBytes)) break;
      bytes += record.data.length;
      records.push({ ...record, data: record.data.slice() });
      next = record.sequence + 1;
    }
    return { ok: true, value: { records, start, next, latest: this.next } };
  }

  /** Records how far an app has consumed; the sequence number must lie in the retained range. */
  commitCheckpoint(appId: string, type: string, sequence: number, metadata: string): Outcome<null> {
    if (this.erased) return erasedOutcome;
    if (this.checkpoints.isDeleted(appId)) return { ok: false, code: "DIS.4332", detail: "The app was deleted." };
    if (sequence < this.earliest || sequence > this.next) {
      return { ok: false, code: "DIS.4224", detail: `${sequence} is outside [${this.earliest} : ${this.next}].` };
    }
    this.checkpoints.put(appId, type, { sequence, metadata }, Date.now());
    return { ok: true, value: null };
  }

  /** An app's checkpoint, or null where none was committed. */
  checkpoint(appId: string, type: string): Outcome<Checkpoint | null> {
    if (this.erased) return erasedOutcome;
    return { ok: true, value: this.checkpoints.get(appId, type) };
  }

  /** Deletes an app's checkpoint of one type. Idempotent. */
  deleteCheckpoint(appId: string, type: string): void {
    if (!this.erased) this.checkpoints.delete(appId, type);
  }

  /** The app was deleted: erases its checkpoints here and refuses its commits from now on. Idempotent. */
  forgetApp(appId: string): void {
    if (!this.erased) this.checkpoints.forgetApp(appId);
  }

  /** An app's committed position together with the partition's range. */
  consumingState(appId: string, type: string): Outcome<ConsumingState> {
    if (this.erased) return erasedOutcome;
    const checkpoint = this.checkpoints.get(appId, type);
    return { ok: true, value: { sequence: checkpoint?.sequence ?? -1, earliest: this.earliest, latest: this.next } };
  }

  /** Learns a routing change: from `epoch` on, this partition takes writes or not (scale-in). */
  applyRouting(epoch: number, writable: boolean): void {
    if (this.erased || epoch < this.routingEpoch || (epoch === this.routingEpoch && writable === this.writable)) return;
    this.routingEpoch = epoch;
    this.writable = writable;
    this.ctx.storage.sql.exec("UPDATE log_state SET routing_epoch = ?, writable = ?", epoch, writable ? 1 : 0);
  }

  /** Changes the retention period (update stream), rescheduling expiry. */
  setRetention(retentionMs: number): void {
    if (this.erased) return;
    this.bind({ streamType: this.streamType, retentionMs, routingEpoch: this.routingEpoch });
    this.reschedule();
  }

  /** Drops chunks past retention, writes buffered metrics, drops metrics past 7 days; schedules the next run. */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    if (this.erased) return;
    const now = Date.now();
    if (this.retentionDue !== null && now >= this.retentionDue) {
      const kept = oldestKept(this.store.ages(), now - this.retentionMs);
      const earliest = kept?.firstSequence ?? this.next;
      if (earliest > this.earliest) {
        this.store.dropBefore(earliest);
        this.earliest = earliest;
        this.ctx.storage.sql.exec("UPDATE log_state SET earliest_sequence = ?, next_sequence = ?", this.earliest, this.next);
      }
      this.retentionDue = nextExpiry(kept, this.retentionMs);
    }
    this.metricsStore.flush(now, true);
    this.metricsExpiryDue = this.metricsStore.expire(now);
    this.reschedule();
  }

  /** Per-minute metric counters of the minutes in [fromMinute, toMinute]. */
  metrics(fromMinute: number, toMinute: number): MinuteRow[] {
    return this.erased ? [] : this.metricsStore.range(fromMinute, toMinute);
  }

  /** Erases the log for good: the stream was deleted. Idempotent; later writes are refused. */
  async erase(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    migrate(this.ctx.storage.sql);
    this.ctx.storage.sql.exec("UPDATE log_state SET erased = 1");
    this.erased = true;
    this.next = 0;
    this.earliest = 0;
    this.alarmAt = null;
    this.retentionDue = null;
    this.metricsExpiryDue = null;
  }

  /** Whether the log was erased. */
  isErased(): boolean {
    return this.erased;
  }
}
