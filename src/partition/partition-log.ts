/**
 * One partition of one stream incarnation: its ordered log, the newest records (the hot window)
 * as chunks in the object's SQLite storage, older ones in segments in R2 (tiering.ts, README
 * "Storage layout"). Named `<stream_id>/<index>`, so a re-created stream never sees an old stream's records.
 *
 * Invariants: sequence numbers start at 0, strictly increase and have no gaps; the records of
 * one append get consecutive numbers in request order; appends are numbered and written in
 * groups, in arrival order, each group in one transaction, and an append is answered only once
 * the group holding it is durable. Live subscribers (push/subscribers.ts) hold hibernatable
 * WebSockets here and are sent records once they are durable.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { disError, type Outcome } from "../errors/dis-error";
import { SUBSCRIPTION_HEADER, Subscribers, type SubscriptionStart } from "../push/subscribers";
import { concatChunks, decodeChunk, encodeChunk, packChunks, splitForChunks } from "./chunk-codec";
import { GroupCommit } from "./group-commit";
import { addCounters, emptyCounters, minuteOf, type LatencyReport, type MetricCounters } from "../metrics/counters";
import { recordEvent } from "../events/record";
import { partitionId } from "../streams/partitions";
import type { MinuteRow } from "../metrics/series";
import { CheckpointStore, type Checkpoint } from "./checkpoint-store";
import { ChunkStore, MAX_CHUNK_BYTES, type StoredRecord } from "./chunk-store";
import { takeRecords } from "./log-reader";
import { LogStateStore } from "./log-state-store";
import { MetricsStore } from "./metrics-store";
import { alarmChange, nextAlarm } from "./next-alarm";
import { checkpointPosition, startPosition, type CursorType } from "./positions";
import { recordsJson } from "./record-json";
import { nextExpiry, oldestKept, type ChunkAge } from "./retention";
import { buildSegment, type SealedChunk } from "./segment-codec";
import { SegmentStore } from "./segment-store";
import { TieredReader } from "./tiered-reader";
import { chunksToSeal, hotWindowOf, moveDue, storageFull, type HotWindow } from "./tiering";
import { migrate } from "./storage-schema";
import { LIMITS, PartitionTraffic } from "./traffic";

import type {
  AppendBatch,
  AppendEntry,
  AppendResult,
  ConsumingState,
  ExportResult,
  ReadFormat,
  ReadResult,
  SequenceRange,
  StreamBinding,
  StreamType,
  PartitionOwner,
} from "./log-contract";

/** Segments written per alarm run at most (the next run follows at once when more are due). */
const MOVES_PER_ALARM = 8;
/** After a failed move (R2 unavailable), the next try waits this long. */
const MOVE_RETRY_MS = 10_000;

const erasedOutcome = { ok: false, code: "DIS.4301", detail: "The stream was deleted." } as const;

/** A record whose data no longer shares the chunk's buffer: what crosses to the worker is the record alone. */
function copied(r: StoredRecord): StoredRecord {
  return { ...r, data: r.data.slice() };
}

/**
 * Put requests of an append with some records refused by traffic control: the request, or, when each
 * record came in a request of its own (MQTT publishes), each refused record's.
 */
function throttledRequests(batch: AppendBatch, accepted: number): number {
  const refused = batch.sizes.length - accepted;
  if (refused === 0) return 0;
  return batch.requests === batch.sizes.length ? refused : 1;
}

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
  private readonly segments: SegmentStore;
  private readonly reader: TieredReader;
  private readonly window: HotWindow;
  /** Bytes the hot chunks take in SQLite. */
  private hotBytes: number;
  /** The oldest hot chunk's timestamp (null: none), kept so that rescheduling after a write reads no storage. */
  private oldestHot: number | null;
  private readonly state: LogStateStore;
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
  /** Whose partition this is, as the last append said; the minute of the last PARTITION_THROTTLED event. */
  private owner: PartitionOwner | null = null;
  private throttleReportedMinute = -1;
  /** After a failed move, none is tried before this time. */
  private moveRetryAt: number | null = null;
  /** An erase is under way: a move finishing now deletes what it wrote. */
  private erasing = false;
  /** Where the durable records end: subscribers are sent nothing at or after it. */
  private durableNext: number;
  /** Where a read-only log's keys went (a scale-in). */
  private children: string[];
  private readonly commits = new GroupCommit<PendingAppend, GroupWritten>(
    (items) => this.writeGroup(items),
    async () => {
      const upTo = this.next;
      await this.ctx.storage.sync();
      this.durableNext = Math.max(this.durableNext, upTo);
      this.push.wake();
    },
  );
  private readonly push: Subscribers;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.store = new ChunkStore(ctx.storage.sql);
    this.segments = new SegmentStore(ctx.storage.sql);
    this.reader = new TieredReader(this.store, this.segments, env.SEGMENTS);
    this.window = hotWindowOf(env.HOT_WINDOW_SECONDS, env.HOT_WINDOW_BYTES);
    this.hotBytes = this.store.storedBytes();
    this.oldestHot = this.store.ages().next().value?.lastTimestamp ?? null;
    this.checkpoints = new CheckpointStore(ctx.storage.sql);
    this.metricsStore = new MetricsStore(ctx.storage.sql);
    this.state = new LogStateStore(ctx.storage.sql);
    const state = this.state.load();
    // The log's end is where its newest records are: hot chunks, else segments (all may have moved).
    this.next = Math.max(state.nextSequence, this.store.nextAfterChunks() ?? 0, this.segments.nextAfterSegments() ?? 0);
    this.earliest = state.earliestSequence;
    this.retentionMs = state.retentionMs;
    this.streamType = state.streamType;
    this.erased = state.erased;
    this.lastTimestamp = Math.max(this.store.lastTimestamp(), this.segments.lastTimestamp());
    this.routingEpoch = state.routingEpoch;
    this.writable = state.writable;
    this.children = state.children;
    this.durableNext = this.next;
    this.push = new Subscribers(ctx, env, {
      range: () => ({ earliest: this.earliest, next: this.durableNext }),
      take: (from, limits) => takeRecords(this.reader, from, limits),
      position: (type, sequence, timestamp) => this.position(type, sequence, timestamp),
      checkpointOf: (appId) => this.checkpoints.get(appId, "LAST_READ")?.sequence ?? null,
      commit: (appId, sequence, metadata) => this.commitCheckpoint(appId, "LAST_READ", sequence, metadata),
      delivered: (count, bytes) => {
        const now = Date.now();
        this.metricsStore.count(now, { getRequests: 1, getBytes: bytes, getRecords: count });
        this.flushMetrics(now);
        this.reschedule();
      },
      children: () => (this.writable ? null : this.children),
      erased: () => this.erased,
    });
    this.retentionDue = nextExpiry(this.oldestAge(), this.retentionMs);
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
    const rowsWritten = this.state.saveSettings({
      retentionMs: this.retentionMs,
      streamType: this.streamType,
      routingEpoch: this.routingEpoch,
      writable: this.writable,
    });
    this.retentionDue = nextExpiry(this.oldestAge(), this.retentionMs);
    this.metricsExpiryDue = this.metricsStore.oldestExpiry();
    return rowsWritten;
  }

  /** The oldest retained data: the oldest segment (which expires whole), else the oldest chunk. */
  private oldestAge(): ChunkAge | undefined {
    const segment = this.segments.sealed().next().value;
    return segment ? { firstSequence: segment.first, lastTimestamp: segment.lastTimestamp } : this.store.ages().next().value;
  }

  /** When hot chunks are next due to move to a segment (tiering.ts). */
  private moveDue(now: number): number | null {
    const due = moveDue(this.oldestHot, this.hotBytes, this.window, now);
    return due === null || this.moveRetryAt === null ? due : Math.max(due, this.moveRetryAt);
  }

  /** Sets the alarm to the earliest of: the oldest data's expiry, the metrics buffer's flush, the oldest metric's expiry, the next move to segments. */
  private reschedule(): void {
    const due = nextAlarm({ retention: this.retentionDue, metricsFlush: this.metricsStore.flushDue(), metricsExpiry: this.metricsExpiryDue });
    const move = this.moveDue(Date.now());
    const wanted = move !== null && (due === null || move < due) ? move : due;
    const change = alarmChange(this.alarmAt, wanted);
    if (change === null) return;
    this.alarmAt = wanted;
    if (change === "delete") void this.ctx.storage.deleteAlarm();
    else void this.ctx.storage.setAlarm(change.set);
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
    if (binding.owner) this.owner = binding.owner;
    const now = Math.max(Date.now(), this.lastTimestamp);
    this.metricsStore.addLatency(latency, now);
    const traffic = this.trafficControl();
    if (storageFull(this.hotBytes, this.window)) {
      // Moves to segments are failing and the hot chunks are at their bound: refuse rather than fill the object.
      this.metricsStore.count(now, { putBytes: 0, putRecords: 0, putRequests: 0, throttledPuts: 1 });
      const rowsWritten = bindRows + this.flushMetrics(now);
      this.reschedule();
      return { ok: true, value: { entries: batch.sizes.map(() => ({ error: "DIS.5000" as const })), rowsWritten } };
    }
    const admitted = batch.sizes.map((size) => !traffic || traffic.admitWrite(size, now));
    const accepted = admitted.filter(Boolean).length;
    const acceptedBytes = batch.sizes.reduce((sum, size, i) => (admitted[i] ? sum + size : sum), 0);
    const throttled = throttledRequests(batch, accepted);
    if (throttled > 0) this.noteThrottled(now, "put");
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
    this.metricsStore.count(now, { putBytes: acceptedBytes, putRecords: accepted, putRequests: batch.requests, throttledPuts: throttled });
    this.reschedule(); // the counts' flush may be due before anything else
    let k = 0;
    const entries: AppendEntry[] = admitted.map((ok) => (ok ? { sequence: written.first + k++ } : { error: "DIS.4303" }));
    return { ok: true, value: { entries, rowsWritten: bindRows + written.rowsWritten } };
  }

  /**
   * Traffic control refused records or a read: a PARTITION_THROTTLED event, at most one a minute,
   * recorded off the request's path. The log knows whose partition it is from its last append
   * since it woke, so a partition only read since then records none.
   */
  private noteThrottled(now: number, kind: "put" | "get"): void {
    const minute = minuteOf(now);
    if (!this.owner || minute === this.throttleReportedMinute) return;
    this.throttleReportedMinute = minute;
    const o = this.owner;
    this.ctx.waitUntil(
      recordEvent(this.env, {
        projectId: o.projectId,
        type: "PARTITION_THROTTLED",
        resourceId: o.streamId,
        resourceName: o.streamName,
        detail: { partition_id: partitionId(o.partition), refused: kind === "put" ? "records" : "reads", minute: minute * 60_000 },
      }),
    );
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
    let stored = 0;
    this.ctx.storage.transactionSync(() => {
      let at = this.next;
      const insert = (count: number, bytes: number, blob: Uint8Array) => {
        rowsWritten += this.store.insert(at, count, now, bytes, blob);
        stored += blob.length;
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
    this.hotBytes += stored;
    this.oldestHot ??= now;
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

  /** Resolves a cursor request to the sequence number where reading starts (positions.ts). */
  async position(type: CursorType, sequence?: number, timestamp?: number): Promise<Outcome<number>> {
    if (this.erased) return erasedOutcome;
    const range = { earliest: this.earliest, next: this.next };
    const atTime = type === "AT_TIMESTAMP" ? await this.reader.sequenceAtTimestamp(timestamp ?? 0, range.earliest, range.next) : range.next;
    return startPosition({ type, sequence, timestamp }, range, () => atTime);
  }

  /** Reads records from `from`, at most `maxBytes` of data (but at least one record) and `maxRecords` records. */
  async read(from: number, maxBytes: number, maxRecords: number, format: ReadFormat = "records", latency: LatencyReport[] = []): Promise<Outcome<ReadResult>> {
    if (this.erased) return erasedOutcome;
    const now = Date.now();
    this.metricsStore.addLatency(latency, now);
    const result = await this.readRecords(from, maxBytes, maxRecords, format, now);
    if (result.ok) this.metricsStore.count(now, { getRequests: 1, getBytes: result.value.bytes, getRecords: result.value.count });
    else if (result.code === "DIS.4303") {
      this.metricsStore.count(now, { throttledGets: 1 });
      this.noteThrottled(now, "get");
    }
    this.flushMetrics(now);
    this.reschedule();
    return result;
  }

  private async readRecords(from: number, maxBytes: number, maxRecords: number, format: ReadFormat, now: number): Promise<Outcome<ReadResult>> {
    if (from < this.earliest) return { ok: false, code: "DIS.4226", detail: "" };
    const traffic = this.trafficControl();
    if (traffic && !traffic.canRead(now)) return { ok: false, code: "DIS.4303", detail: "Read limit of the partition reached." };
    const taken = await takeRecords(this.reader, Math.min(from, this.next), { maxBytes, maxRecords });
    traffic?.recordRead(taken.bytes, now);
    // Only benchmarks and cost checks ask which records came from segments.
    const hotFirst = this.env.STORAGE_STATS === "on" ? (this.store.firstSequence() ?? this.next) : -1;
    const json = format === "json";
    return {
      ok: true,
      value: {
        records: json ? [] : taken.records.map(copied),
        json: recordsJson(json ? taken.records : []),
        count: taken.records.length,
        bytes: taken.bytes,
        next: taken.next,
        fromSegments: taken.records.filter((r) => r.sequence < hotFirst).length,
      },
    };
  }

  /**
   * Records from `from` for a transfer task, at most `maxBytes` of data and `maxRecords` records,
   * from the earliest retained record when `from` has expired. Not throttled and not counted as
   * reads: delivering a stream is the service's own work.
   */
  async exportRecords(from: number, maxBytes: number, maxRecords: number): Promise<Outcome<ExportResult>> {
    if (this.erased) return erasedOutcome;
    const start = Math.min(Math.max(from, this.earliest), this.next);
    const taken = await takeRecords(this.reader, start, { maxBytes, maxRecords });
    return { ok: true, value: { records: taken.records.map(copied), start, next: taken.next, latest: this.next } };
  }

  /** Records how far an app has consumed; the sequence number must lie in the retained range. */
  commitCheckpoint(appId: string, type: string, sequence: number, metadata: string): Outcome<null> {
    if (this.erased) return erasedOutcome;
    if (this.checkpoints.isDeleted(appId)) return { ok: false, code: "DIS.4332", detail: "The app was deleted." };
    const position = checkpointPosition(sequence, { earliest: this.earliest, next: this.next });
    if (!position.ok) return position;
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

  /**
   * Learns a routing change: from `epoch` on, this partition takes writes or not (scale-in); a
   * read-only one learns which partitions took its keys, for its subscribers' end.
   */
  applyRouting(epoch: number, writable: boolean, children: string[] = []): void {
    if (this.erased || epoch < this.routingEpoch || (epoch === this.routingEpoch && writable === this.writable)) return;
    this.routingEpoch = epoch;
    this.writable = writable;
    this.children = writable ? [] : children;
    this.state.saveRouting(epoch, writable, this.children);
    if (!writable) this.push.wake();
  }

  /** A live subscriber's upgrade, handed over by the worker (routes/subscribe.ts). */
  override async fetch(request: Request): Promise<Response> {
    const start = JSON.parse(request.headers.get(SUBSCRIPTION_HEADER) ?? "null") as SubscriptionStart | null;
    if (start === null) return new Response(null, { status: 404 });
    return this.push.accept(start);
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.push.message(socket, message);
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  /** Changes the retention period (update stream), rescheduling expiry. */
  setRetention(retentionMs: number): void {
    if (this.erased) return;
    this.bind({ streamType: this.streamType, retentionMs, routingEpoch: this.routingEpoch });
    this.reschedule();
  }

  /**
   * Finishes interrupted moves, drops segments and chunks past retention, moves sealed chunks to
   * segments, writes buffered metrics, drops metrics past 7 days; schedules the next run.
   */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    if (this.erased) return;
    const now = Date.now();
    await this.finishInterruptedMoves();
    if (this.retentionDue !== null && now >= this.retentionDue) await this.expire(now);
    await this.moveSealedChunks(now);
    this.metricsStore.flush(now, true);
    this.metricsExpiryDue = this.metricsStore.expire(now);
    this.reschedule();
  }

  private raiseEarliest(earliest: number): void {
    if (earliest <= this.earliest) return;
    this.earliest = earliest;
    this.state.saveRange(this.earliest, this.next);
  }

  /** Drops whole segments whose newest record is past retention, then (segments being older) chunks. */
  private async expire(now: number): Promise<void> {
    const cutoff = now - this.retentionMs;
    for (const segment of [...this.segments.sealed()]) {
      if (segment.lastTimestamp >= cutoff) break;
      this.raiseEarliest(segment.last + 1);
      await this.env.SEGMENTS.delete(segment.key);
      this.segments.forget(segment.key);
    }
    if (this.segments.firstSequence() === null) {
      const kept = oldestKept(this.store.ages(), cutoff);
      const earliest = kept?.firstSequence ?? this.next;
      if (earliest > this.earliest) {
        this.store.dropBefore(earliest);
        this.hotBytes = this.store.storedBytes();
        this.oldestHot = this.store.ages().next().value?.lastTimestamp ?? null;
        this.raiseEarliest(earliest);
      }
    }
    this.retentionDue = nextExpiry(this.oldestAge(), this.retentionMs);
  }

  /** A move noted but never completed left at most an object nobody reads: delete it; its chunks are still here. */
  private async finishInterruptedMoves(): Promise<void> {
    for (const key of this.segments.unfinishedMoves()) {
      await this.env.SEGMENTS.delete(key);
      this.segments.forget(key);
    }
  }

  /** The oldest hot chunks due to move now (tiering.ts), as one segment's worth. */
  private sealable(now: number): SealedChunk[] {
    const pulled: SealedChunk[] = [];
    const sizes = (function* (chunks: Iterable<SealedChunk>) {
      for (const chunk of chunks) {
        pulled.push(chunk);
        yield { timestamp: chunk.timestamp, size: chunk.blob.length };
      }
    })(this.store.oldest());
    const count = chunksToSeal(sizes, this.hotBytes, this.window, now);
    return pulled.slice(0, count);
  }

  /**
   * Moves sealed chunks to segment objects, a few segments per run. Each move notes the segment
   * (and makes that durable) before writing the object, and drops the chunks only once the object
   * is written and checked (R2 verifies its SHA-256), in the transaction that indexes it: a record
   * is never in neither place, and an interrupted move is redone at the next run.
   */
  private async moveSealedChunks(now: number): Promise<void> {
    if (this.moveRetryAt !== null && now < this.moveRetryAt) return;
    for (let moves = 0; moves < MOVES_PER_ALARM; moves++) {
      const due = this.moveDue(now);
      if (due === null || due > now) return;
      const chunks = this.sealable(now);
      if (chunks.length === 0) return;
      const segment = buildSegment(chunks);
      const key = `${this.segmentPrefix()}${segment.first}-${segment.last}-${crypto.randomUUID()}`;
      this.segments.beginMove(key, segment);
      await this.ctx.storage.sync();
      let written: R2Object | null = null;
      try {
        const sha256 = await crypto.subtle.digest("SHA-256", segment.body);
        written = await this.env.SEGMENTS.put(key, segment.body, { sha256, customMetadata: { first: String(segment.first), last: String(segment.last) } });
      } catch (error) {
        console.error(`moving chunks ${segment.first}-${segment.last} to a segment failed`, error);
      }
      if (this.erased || this.erasing) {
        await this.env.SEGMENTS.delete(key);
        return;
      }
      if (written === null || written.size !== segment.body.length) {
        // R2 is unavailable: the chunks stay hot; the next run deletes what may have been written and tries again.
        this.moveRetryAt = now + MOVE_RETRY_MS;
        return;
      }
      this.ctx.storage.transactionSync(() => {
        this.segments.completeMove(key, segment);
        this.store.dropThrough(segment.last);
      });
      this.hotBytes -= chunks.reduce((sum, c) => sum + c.blob.length, 0);
      this.oldestHot = this.store.ages().next().value?.lastTimestamp ?? null;
      this.moveRetryAt = null;
      this.retentionDue = nextExpiry(this.oldestAge(), this.retentionMs);
    }
  }

  /** Where this partition's segment objects live in the segments bucket: one prefix per partition log object. */
  private segmentPrefix(): string {
    return `partitions/${this.ctx.id.toString()}/`;
  }

  /** Per-minute metric counters of the minutes in [fromMinute, toMinute]. */
  metrics(fromMinute: number, toMinute: number): MinuteRow[] {
    return this.erased ? [] : this.metricsStore.range(fromMinute, toMinute);
  }

  /** The metric counters of the minutes in [fromMinute, toMinute], summed (the project's statistics). */
  metricTotals(fromMinute: number, toMinute: number): MetricCounters {
    const total = emptyCounters();
    for (const row of this.metrics(fromMinute, toMinute)) addCounters(total, row);
    return total;
  }

  /** Erases the log for good: the stream was deleted. Idempotent; later writes are refused. */
  async erase(): Promise<void> {
    this.erasing = true;
    await this.ctx.storage.deleteAlarm();
    // Segments first: if this fails, the erase is retried and the index still lists what is left.
    for (;;) {
      const listing = await this.env.SEGMENTS.list({ prefix: this.segmentPrefix(), limit: 1000 });
      if (listing.objects.length > 0) await this.env.SEGMENTS.delete(listing.objects.map((o) => o.key));
      if (!listing.truncated) break;
    }
    this.reader.forget();
    this.hotBytes = 0;
    this.oldestHot = null;
    await this.ctx.storage.deleteAll();
    migrate(this.ctx.storage.sql);
    this.state.markErased();
    this.erased = true;
    this.next = 0;
    this.durableNext = 0;
    this.earliest = 0;
    this.alarmAt = null;
    this.retentionDue = null;
    this.metricsExpiryDue = null;
    this.push.endAll(disError("DIS.4301", "The stream was deleted."));
  }

  /** Whether the log was erased. */
  isErased(): boolean {
    return this.erased;
  }
}
