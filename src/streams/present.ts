/** The JSON shapes of stream answers (reference tables 5-11 and 5-19). */
import type { SequenceRange } from "../partition/log-contract";
import { effectiveStatus, formatHashRange, formatSequenceRange, partitionId } from "./partitions";
import type { PartitionRow, StreamRow, TagRow } from "./repository";
import type { ScalingRow } from "./scale-repository";

const ENTERPRISE_PROJECT_KEY = "_sys_enterprise_project_id";

function sysTags(stream: StreamRow) {
  return stream.enterpriseProjectId ? [{ key: ENTERPRISE_PROJECT_KEY, value: stream.enterpriseProjectId }] : [];
}

function autoScale(stream: StreamRow) {
  return {
    auto_scale_enabled: stream.autoScaleEnabled,
    auto_scale_min_partition_count: stream.autoScaleMin,
    auto_scale_max_partition_count: stream.autoScaleMax,
  };
}

/** A `stream_info_list` entry of list streams. */
export function streamInfo(stream: StreamRow, tags: TagRow[]) {
  return {
    stream_id: stream.id,
    stream_name: stream.name,
    create_time: stream.createTime,
    retention_period: stream.retentionHours,
    status: stream.status,
    stream_type: stream.streamType,
    data_type: stream.dataType,
    partition_count: stream.partitionCount,
    tags,
    sys_tags: sysTags(stream),
    ...autoScale(stream),
  };
}

export function partitionResult(partition: PartitionRow, range: SequenceRange, retentionMs: number) {
  return {
    status: effectiveStatus(partition, retentionMs),
    partition_id: partitionId(partition.index),
    hash_range: formatHashRange({ low: partition.hashLow, high: partition.hashHigh }),
    sequence_number_range: formatSequenceRange(range.earliest, range.latest),
    ...(partition.parentPartitions ? { parent_partitions: partition.parentPartitions } : {}),
  };
}

export interface StreamDetails {
  stream: StreamRow;
  tags: TagRow[];
  partitions: ReturnType<typeof partitionResult>[];
  hasMorePartitions: boolean;
  writable: number;
  readable: number;
  scalings: ScalingRow[];
}

/** The describe stream answer. */
export function streamDescription(d: StreamDetails) {
  const s = d.stream;
  return {
    stream_id: s.id,
    stream_name: s.name,
    create_time: s.createTime,
    last_modified_time: s.lastModifiedTime,
    retention_period: s.retentionHours,
    status: s.status,
    stream_type: s.streamType,
    data_type: s.dataType,
    ...(s.dataSchema ? { data_schema: s.dataSchema } : {}),
    ...(s.compressionFormat ? { compression_format: s.compressionFormat } : {}),
    ...(s.csvDelimiter ? { csv_properties: { delimiter: s.csvDelimiter } } : {}),
    writable_partition_count: d.writable,
    readable_partition_count: d.readable,
    update_partition_counts: d.scalings.map((h) => ({
      create_timestamp: h.createTimestamp,
      src_partition_count: h.srcPartitionCount,
      target_partition_count: h.targetPartitionCount,
      result_code: h.resultCode,
      // The result code again, as a numeric string: the v3 Python SDK parses result_msg as an
      // integer (the reference types it Integer), the Java SDK as a string; "0" suits both.
      result_msg: String(h.resultCode),
      auto_scale: h.autoScale,
    })),
    tags: d.tags,
    sys_tags: sysTags(s),
    ...autoScale(s),
    partitions: d.partitions,
    has_more_partitions: d.hasMorePartitions,
  };
}
