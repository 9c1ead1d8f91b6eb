/**
 * Put records: decode, route each record to a partition, append per partition in parallel,
 * and answer per record in request order.
 */
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import { ERRORS } from "../errors/codes";
import { disError } from "../errors/dis-error";
import { partitionKey, takeLatency } from "../metrics/latency-ledger";
import { encodeChunk, type ChunkRecord } from "../partition/chunk-codec";
import type { AppendEntry } from "../partition/partition-log";
import { partitionStub } from "../partition/stubs";
import { parsePartitionId, partitionId } from "../streams/partitions";
import { parseHashKey, routeBatch, type RouteRequest } from "./routing";
import type { Caller } from "../http/context";
import { streamForCaller } from "../policies/access";
import { forgetRouting, type StreamRouting } from "./stream-routing";
import { MAX_PUT_BYTES, MAX_RECORD_BYTES } from "./validation";

/** A put request, whichever body format it came in. */
export interface PutInput {
  streamName?: string;
  streamId?: string;
  records: PutInputRecord[];
}

export interface PutInputRecord {
  data: Uint8Array;
  partitionId?: string;
  explicitHashKey?: string;
  partitionKey?: string;
}

export type PutEntry = { partitionId: string; sequenceNumber: string } | { errorCode: ErrorCode; errorMessage: string };

export interface PutOutcome {
  failedRecordCount: number;
  records: PutEntry[];
  /** SQLite rows the partition logs wrote for this request. */
  rowsWritten: number;
  /** The partition that counted the request in the metrics (its first partition), as a latency-ledger key. */
  countedBy: string;
}

/** Checks sizes and routing fields; returns each record's routing request. */
function checkRecords(input: PutInput, stream: StreamRouting): RouteRequest[] {
  let total = 0;
  return input.records.map((record, i) => {
    if (record.data.length > MAX_RECORD_BYTES) throw disError("DIS.4200", `records[${i}].data is larger than 1 MiB.`);
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

function errorEntry(code: ErrorCode, detail = ""): PutEntry {
  return { errorCode: code, errorMessage: ERRORS[code].message.replace("%s", detail).trim() };
}

type Attempt = { ok: true; outcome: PutOutcome } | { ok: false; erased: true };

async function attempt(env: Env, input: PutInput, stream: StreamRouting): Promise<Attempt> {
  if (stream.writable.length === 0) throw disError("DIS.4205", "The stream has no writable partition.");
  const targets = routeBatch(checkRecords(input, stream), stream.writable);
  const groups = new Map<number, number[]>();
  targets.forEach((index, i) => {
    const group = groups.get(index);
    if (group) group.push(i);
    else groups.set(index, [i]);
  });

  const entries: PutEntry[] = new Array(input.records.length);
  const first = Math.min(...groups.keys());
  let erased = false;
  let rowsWritten = 0;
  await Promise.all(
    [...groups].map(async ([index, positions]) => {
      const id = partitionId(index);
      if (stream.statuses.get(index) !== "ACTIVE") {
        for (const i of positions) entries[i] = errorEntry("DIS.4319", id);
        return;
      }
      const records: ChunkRecord[] = positions.map((i) => input.records[i]!);
      const batch = { chunk: encodeChunk(records), sizes: records.map((r) => r.data.length), countsRequest: index === first };
      const latency = takeLatency(partitionKey(stream.id, index));
      const outcome = await partitionStub(env, stream.id, index).append(stream.binding, batch, latency);
      if (!outcome.ok) {
        erased = true;
        return;
      }
      rowsWritten += outcome.value.rowsWritten;
      outcome.value.entries.forEach((entry: AppendEntry, k: number) => {
        entries[positions[k]!] = "sequence" in entry ? { partitionId: id, sequenceNumber: String(entry.sequence) } : errorEntry(entry.error);
      });
    }),
  );
  if (erased) return { ok: false, erased: true };
  const failedRecordCount = entries.filter((e) => "errorCode" in e).length;
  return { ok: true, outcome: { failedRecordCount, records: entries, rowsWritten, countedBy: partitionKey(stream.id, first) } };
}

/** Puts the records of one request into the caller's stream (or one a stream policy grants it). */
export async function putRecords(env: Env, caller: Caller, input: PutInput): Promise<PutOutcome> {
  for (let tries = 0; tries < 2; tries++) {
    const { stream } = await streamForCaller(env, caller, input.streamName, input.streamId, "putRecords");
    const result = await attempt(env, input, stream);
    if (result.ok) return result.outcome;
    // The cached stream was deleted: forget it, and try once more in case one of the same name replaced it.
    forgetRouting(stream.projectId, stream.name, stream.id);
  }
  throw disError("DIS.4301", input.streamName ?? input.streamId ?? "");
}
