/**
 * Where a reader asks to start, as get cursor (§5.4.3) and subscribe name it: the stream, the
 * partition and the cursor's type with its sequence number or timestamp, checked, and the
 * partition reached (the caller's own stream, or another account's through a stream policy).
 */
import type { Env } from "../env";
import { disError } from "../errors/dis-error";
import type { Caller } from "../http/context";
import type { CursorType } from "../partition/log-contract";
import { streamForCaller } from "../policies/access";
import { parsePartitionId, partitionId } from "../streams/partitions";
import { withPartition, type StreamRouting } from "./stream-routing";
import type { getCursorQuery } from "./validation";
import { parseCount } from "./validation";
import type { z } from "zod";

export interface CursorRequest {
  streamName?: string;
  streamId?: string;
  partitionIndex: number;
  type: CursorType;
  sequence?: number;
  timestamp?: number;
}

/** The start a checked get-cursor query names; `cursor-type` defaults to `defaultType`. */
export function cursorRequestOf(q: z.infer<typeof getCursorQuery>, defaultType: CursorType): CursorRequest {
  const streamName = q["stream-name"] || undefined;
  const streamId = q["stream-id"] || undefined;
  if (!streamName && !streamId) throw disError("DIS.4200", "stream-name (or stream-id) is required.");
  const type: CursorType = q["cursor-type"] || defaultType;
  const partitionIndex = parsePartitionId(q["partition-id"]);
  if (partitionIndex === null) throw disError("DIS.4201", `partition-id ${q["partition-id"]}: shardId-0000000000 or 0 expected.`);
  const request: CursorRequest = { partitionIndex, type };
  if (streamName) request.streamName = streamName;
  if (streamId) request.streamId = streamId;
  if (type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") {
    const text = q["starting-sequence-number"];
    if (!text) throw disError("DIS.4216", `starting-sequence-number: a decimal sequence number is required for ${type}.`);
    const parsed = parseCount(text);
    if (parsed === null) throw disError("DIS.4224", text);
    request.sequence = parsed;
  }
  if (type === "AT_TIMESTAMP") {
    const parsed = parseCount(q.timestamp || undefined);
    if (parsed === null) throw disError("DIS.4200", "timestamp (epoch milliseconds) is required for AT_TIMESTAMP.");
    request.timestamp = parsed;
  }
  return request;
}

export interface ReachedPartition {
  stream: StreamRouting;
  /** Reached through a stream policy of another account. */
  granted: boolean;
}

/** The stream and partition a reader may read: DIS.4301/4116 for the stream, DIS.4302 when no such partition, DIS.4319 once it expired. */
export async function reachPartition(env: Env, caller: Caller, request: CursorRequest): Promise<ReachedPartition> {
  const reached = await streamForCaller(env, caller, request.streamName, request.streamId, "getRecords");
  const stream = await withPartition(env, reached.stream, request.partitionIndex);
  const index = request.partitionIndex;
  if (!stream.statuses.has(index)) throw disError("DIS.4302", partitionId(index));
  if (stream.statuses.get(index) === "EXPIRED") throw disError("DIS.4319", partitionId(index));
  return { stream, granted: reached.granted };
}
