/**
 * Put records: decode, route each record to a partition, append per partition in parallel,
 * and answer per record in request order.
 */
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import { ERRORS } from "../errors/codes";
import { DisError, disError } from "../errors/dis-error";
import { partitionKey, restoreLatency, takeLatency } from "../metrics/latency-ledger";
import { encodeChunk, type ChunkRecord } from "../partition/chunk-codec";
import type { AppendEntry } from "../partition/log-contract";
import { partitionStub } from "../partition/stubs";
import { parsePartitionId, partitionId } from "../streams/partitions";
import { parseHashKey, routeBatch, type RouteRequest } from "./routing";
import type { Caller } from "../http/context";
import { streamForCaller } from "../policies/access";
import { forgetRouting, type StreamRouting } from "./stream-routing";
import { MAX_PARTITION_KEY_LENGTH, MAX_PUT_BYTES, MAX_RECORD_BYTES } from "./validation";

/** A put request, whichever body format it came in. */
export interface PutInput {
  streamName?: string;
  streamId?: string;
  records: PutInputRecord[];
  /** Each record came in a put request of its own (MQTT publishes): each partition counts its records' requests. */
  requestPerRecord?: boolean;
}

export interface PutInputRecord {
  data: Uint8Array;
  partitionId?: string;
  explicitHashKey?: string;
  partitionKey?: string;
}

export type PutEntry = { partitionId: string; sequenceNumber: string } | { errorCode: ErrorCode; errorMessage: string };

export interface PutOutcome {
  /** The stream the records went to (its id), once one was found. */
  streamId?: string;
  failedRecordCount: number;
  records: PutEntry[];
  /** SQLite rows the partition logs wrote for this request. */
  rowsWritten: number;
  /** The partition that counted the request in the metrics (its lowest ACTIVE one, if it appended), as a latency-ledger key. */
  countedBy?: string;
  /** When records were appended but the counting partition took none of them: where to count the request instead. */
  uncountedAt?: string;
}

/** Checks sizes and routing fields; returns each record's routing request. */
function checkRecords(input: PutInput, stream: StreamRouting): RouteRequest[] {
  let total = 0;
  return input.records.map((record, i) => {
    if (record.data.length > MAX_RECORD_BYTES) throw disError("DIS.4200", `records[${i}].data is larger than 1 MiB.`);
    if (record.partitionKey !== undefined && record.partitionKey.length > MAX_PARTITION_KEY_LENGTH) {
      throw disError("DIS.4200", `records[${i}].partition_key: at most ${MAX_PARTITION_KEY_LENGTH} characters.`);
    }
    total += record.data.length;
    if (total > MAX_PUT_BYTES[stream.streamType]) {
      throw disError("DIS.4200", `The records add up to more than ${MAX_PUT_BYTES[stream.streamType] / 1048576} MiB.`);
    }
    const route: RouteRequest = {};
    if (record.partitionId !== undefined && record.partitionId !== "") {
      const index = parsePartitionId(record.partitionId);
      if (index === null) throw disError("DIS.4201", `records[${i}].partition_id ${record.partitionId}`);
      if (!stream.statuses.has(index)) throw disError("DIS.4302", partitionId(index));
      route.partitionIndex = index;
    } else if (record.explicitHashKey !== undefined && record.explicitHashKey !== "") {
      const hash = parseHashKey(record.explicitHashKey);
      if (hash === null) throw disError("DIS.4200", `records[${i}].explicit_hash_key must be a decimal in [0, 9223372036854775807].`);
      route.explicitHash = hash;
    } else if (record.partitionKey !== undefined) {
      route.partitionKey = record.partitionKey;
    }
    return route;
  });
}

/**
 * Fails, each alone, the records whose data does not fit the stream's data type (JSON, CSV,
 * data_schema, compression_format); returns the positions of the others.
 */
function checkData(stream: StreamRouting, input: PutInput, positions: number[], entries: PutEntry[]): number[] {
  const check = stream.check;
  if (!check) return positions;
  return positions.filter((i) => {
    const why = check(input.records[i]!.data);
    if (why !== null) entries[i] = errorEntry("DIS.4380", `records[${i}]: ${why}`);
    return why === null;
  });
}

function errorEntry(code: ErrorCode, detail = ""): PutEntry {
  return { errorCode: code, errorMessage: ERRORS[code].message.replace("%s", detail).trim() };
}

/** What one routing of (some of) a request's records achieved. */
interface Attempt {
  /** Positions the partition logs refused to take with this routing (deleted stream or stale routing). */
  unresolved: number[];
  rowsWritten: number;
  /** The partition that counted the request, when one did. */
  countedBy?: string;
  /** The lowest partition that appended records. */
  appendedTo?: { index: number; key: string };
}

/**
 * Routes the records at `positions` with `stream`'s routing and appends them, filling `entries`.
 * `countRequest` asks the lowest partition to count the request in the metrics.
 */
async function attempt(env: Env, input: PutInput, stream: StreamRouting, positions: number[], entries: PutEntry[], countRequest: boolean): Promise<Attempt> {
  if (stream.writable.length === 0) throw disError("DIS.4205", "The stream has no writable partition.");
  const subset: PutInput = { records: positions.map((i) => input.records[i]!) };
  const targets = routeBatch(checkRecords(subset, stream), stream.writable);
  const groups = new Map<number, number[]>();
  targets.forEach((index, k) => {
    const group = groups.get(index);
    if (group) group.push(positions[k]!);
    else groups.set(index, [positions[k]!]);
  });

  // The lowest ACTIVE partition of the request counts it in the metrics.
  const first = Math.min(...[...groups.keys()].filter((index) => stream.statuses.get(index) === "ACTIVE"));
  const result: Attempt = { unresolved: [], rowsWritten: 0 };
  await Promise.all(
    [...groups].map(async ([index, members]) => {
      const id = partitionId(index);
      if (stream.statuses.get(index) !== "ACTIVE") {
        for (const i of members) entries[i] = errorEntry("DIS.4319", `${id} is not writable.`);
        return;
      }
      const records: ChunkRecord[] = members.map((i) => input.records[i]!);
      const countsRequest = countRequest && index === first;
      const requests = input.requestPerRecord ? records.length : countsRequest ? 1 : 0;
      const batch = { chunk: encodeChunk(records), sizes: records.map((r) => r.data.length), requests };
      const key = partitionKey(stream.id, index);
      const latency = takeLatency(key);
      let outcome: Awaited<ReturnType<ReturnType<typeof partitionStub>["append"]>>;
      try {
        const owner = { projectId: stream.projectId, streamId: stream.id, streamName: stream.name, partition: index };
        outcome = await partitionStub(env, stream.id, index).append({ ...stream.binding, owner }, batch, latency);
      } catch (error) {
        // This partition failed; the others' records stand, and only these are reported failed.
        console.error(`append to ${id} failed`, error);
        for (const i of members) entries[i] = errorEntry("DIS.5000");
        return;
      }
      if (!outcome.ok || outcome.value.staleRouting) {
        if (outcome.ok) restoreLatency(key, latency);
        result.unresolved.push(...members);
        return;
      }
      result.rowsWritten += outcome.value.rowsWritten;
      const appended = outcome.value.entries.some((e) => "sequence" in e);
      if (countsRequest && appended) result.countedBy = key;
      if (appended && (result.appendedTo === undefined || index < result.appendedTo.index)) result.appendedTo = { index, key };
      outcome.value.entries.forEach((entry: AppendEntry, k: number) => {
        entries[members[k]!] = "sequence" in entry ? { partitionId: id, sequenceNumber: String(entry.sequence) } : errorEntry(entry.error);
      });
    }),
  );
  return result;
}

/**
 * Puts the records of one request into the caller's stream (or one a stream policy grants it).
 * Records a partition log refuses because the routing changed (a scaling) or the stream was deleted
 * are routed again with fresh routing; records already appended are never sent twice.
 */
export async function putRecords(env: Env, caller: Caller, input: PutInput): Promise<PutOutcome> {
  const entries: PutEntry[] = new Array(input.records.length);
  let pending = input.records.map((_, i) => i);
  let rowsWritten = 0;
  let countedBy: string | undefined;
  let appendedTo: string | undefined;
  let streamId: string | undefined;
  for (let tries = 0; tries < 3 && pending.length > 0; tries++) {
    const { stream } = await streamForCaller(env, caller, input.streamName, input.streamId, "putRecords");
    streamId = stream.id;
    if (tries === 0) pending = checkData(stream, input, pending, entries);
    if (pending.length === 0) break;
    let result: Attempt;
    try {
      result = await attempt(env, input, stream, pending, entries, countedBy === undefined);
    } catch (error) {
      // A partition this isolate's routing does not know yet (a scale-out elsewhere): look again once.
      if (tries > 0 || !(error instanceof DisError) || error.code !== "DIS.4302") throw error;
      forgetRouting(stream.projectId, stream.name, stream.id);
      continue;
    }
    rowsWritten += result.rowsWritten;
    countedBy ??= result.countedBy;
    appendedTo ??= result.appendedTo?.key;
    // Records refused by several partitions are routed again in request order, whichever answered first.
    pending = result.unresolved.sort((a, b) => a - b);
    if (pending.length > 0) forgetRouting(stream.projectId, stream.name, stream.id);
  }
  for (const i of pending) entries[i] = errorEntry("DIS.5000", "The stream's routing kept changing.");
  const failedRecordCount = entries.filter((e) => "errorCode" in e).length;
  const outcome: PutOutcome = { failedRecordCount, records: entries, rowsWritten };
  if (streamId !== undefined) outcome.streamId = streamId;
  if (countedBy !== undefined) outcome.countedBy = countedBy;
  else if (appendedTo !== undefined) outcome.uncountedAt = appendedTo;
  return outcome;
}
