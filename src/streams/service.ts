/** Stream control-plane rules (reference §5.1): quotas, defaults, auto-scale bounds. */
import { isUniqueViolation } from "../db/batch";
import { envNumber } from "../util/env-number";
import { randomId } from "../util/ids";
import type { Db } from "../db/client";
import type { Env } from "../env";
import { disError } from "../errors/dis-error";
import { dataSchemaProblem } from "./data-schema";
import { hashRangeOf } from "./partitions";
import { findStream, insertStream, partitionUsage, type PartitionRow, type StreamRow } from "./repository";
import { MAX_TAGS, type CreateStreamBody, type UpdateStreamBody } from "./validation";

export const DEFAULT_RETENTION_HOURS = 24;

/** A fresh stream id: 20 random base62 characters. */
export function newStreamId(): string {
  return randomId(20);
}

export const HOUR_MS = 3_600_000;

/** A stream's retention period in milliseconds. */
export function retentionMsOf(stream: { retentionHours: number }): number {
  return stream.retentionHours * HOUR_MS;
}

interface AutoScale {
  enabled: boolean;
  min: number;
  max: number;
}

/** Checks auto-scale bounds: with scaling on, both bounds are needed and min ≤ max (and the count within, when given). */
function checkAutoScale(a: { enabled: boolean; min: number | null; max: number | null }, partitionCount?: number): AutoScale {
  const { enabled, min, max } = a;
  if (min !== null && max !== null && min > max) {
    throw disError("DIS.4200", "auto_scale_min_partition_count must not exceed auto_scale_max_partition_count.");
  }
  if (!enabled) return { enabled, min: min ?? 0, max: max ?? 0 };
  if (min === null || max === null) {
    throw disError("DIS.4200", "auto_scale_min_partition_count and auto_scale_max_partition_count are required when auto_scale_enabled is true.");
  }
  if (partitionCount !== undefined && (partitionCount < min || partitionCount > max)) {
    throw disError("DIS.4200", `The partition count (${partitionCount}) must lie within [${min}, ${max}] when auto-scaling.`);
  }
  return { enabled, min, max };
}

function checkDataSchema(schema: string | null | undefined): void {
  const problem = schema ? dataSchemaProblem(schema) : null;
  if (problem) throw disError("DIS.4360", problem);
}

export function quotaOf(env: Env, type: "COMMON" | "ADVANCED"): number {
  return type === "COMMON" ? envNumber(env.COMMON_PARTITION_QUOTA, 50) : envNumber(env.ADVANCED_PARTITION_QUOTA, 10);
}

export async function createStream(env: Env, db: Db, projectId: string, body: CreateStreamBody): Promise<StreamRow> {
  const type = body.stream_type ?? "COMMON";
  const count = body.partition_count;
  const autoScale = checkAutoScale(
    {
      enabled: body.auto_scale_enabled ?? false,
      min: body.auto_scale_min_partition_count ?? null,
      max: body.auto_scale_max_partition_count ?? null,
    },
    count,
  );
  checkDataSchema(body.data_schema);
  const tags = body.tags ?? [];
  if (tags.length > MAX_TAGS) throw disError("DIS.4601", `At most ${MAX_TAGS} tags per stream.`);

  if (await findStream(db, projectId, body.stream_name)) throw disError("DIS.4307", body.stream_name);
  const used = (await partitionUsage(db, projectId))[type];
  const quota = quotaOf(env, type);
  if (used + count > quota) {
    throw disError("DIS.4308", `${type} partitions: ${used} of ${quota} in use, ${count} requested.`);
  }

  const now = Date.now();
  const stream: StreamRow = {
    id: newStreamId(),
    projectId,
    name: body.stream_name,
    streamType: type,
    dataType: body.data_type ?? "BLOB",
    retentionHours: body.data_duration ?? DEFAULT_RETENTION_HOURS,
    partitionCount: count,
    autoScaleEnabled: autoScale.enabled,
    autoScaleMin: autoScale.min,
    autoScaleMax: autoScale.max,
    dataSchema: body.data_schema ?? null,
    compressionFormat: body.compression_format ?? null,
    csvDelimiter: body.csv_properties?.delimiter ?? null,
    enterpriseProjectId: body.sys_tags?.[0]?.value ?? null,
    status: "RUNNING",
    createTime: now,
    lastModifiedTime: now,
    routingEpoch: 0,
  };
  const partitions: PartitionRow[] = Array.from({ length: count }, (_, index) => {
    const range = hashRangeOf(index, count);
    return {
      streamId: stream.id,
      index,
      status: "ACTIVE",
      hashLow: range.low.toString(),
      hashHigh: range.high.toString(),
      parentPartitions: null,
      createTime: now,
      deletedAt: null,
    };
  });
  try {
    await insertStream(db, stream, partitions, tags);
  } catch (error) {
    if (isUniqueViolation(error)) throw disError("DIS.4307", body.stream_name);
    throw error;
  }
  return stream;
}

/** The changes an update-stream body makes to a stream with `activePartitions` ACTIVE partitions. */
export function streamChanges(stream: StreamRow, body: UpdateStreamBody, activePartitions: number): Partial<StreamRow> {
  checkDataSchema(body.data_schema);
  const autoScale = checkAutoScale(
    {
      enabled: body.auto_scale_enabled ?? stream.autoScaleEnabled,
      min: body.auto_scale_min_partition_count ?? (stream.autoScaleMin || null),
      max: body.auto_scale_max_partition_count ?? (stream.autoScaleMax || null),
    },
    activePartitions,
  );
  return {
    ...(body.data_duration != null ? { retentionHours: body.data_duration } : {}),
    ...(body.data_type != null ? { dataType: body.data_type } : {}),
    ...(body.data_schema != null ? { dataSchema: body.data_schema } : {}),
    autoScaleEnabled: autoScale.enabled,
    autoScaleMin: autoScale.min,
    autoScaleMax: autoScale.max,
    lastModifiedTime: Date.now(),
  };
}
