/**
 * What one delivery of one partition writes: the records grouped by time directory, each group
 * encoded in the task's file type and named (object-names.ts). Pure: the task object writes
 * what this plans.
 */
import { partitionId } from "../streams/partitions";
import type { ReadRecord } from "../partition/log-contract";
import type { ObsDescriptor } from "./descriptor";
import { encodeParquet, PARQUET_FILE, type ParquetColumn } from "./formats/parquet";
import { encodeText, TEXT_FILE } from "./formats/text";
import { objectKey, timeDirectories } from "./object-names";
import { recordTime } from "./record-time";

/** Where records a Parquet file cannot hold go, under `file_prefix`, as text. */
export const ERROR_DIRECTORY = "obs_error";

export interface DeliveryPlan {
  taskId: string;
  streamName: string;
  descriptor: ObsDescriptor;
  /** Parquet columns from the stream's `data_schema` (parquet tasks). */
  columns: ParquetColumn[] | null;
  /** The delivery's time: it names the time directories unless `processing_schema` takes them from the records. */
  deliveredAt: number;
}

export interface PlannedObject {
  key: string;
  body: Uint8Array;
  httpMetadata: R2HTTPMetadata;
  customMetadata: Record<string, string>;
  records: number;
}

/** The time directories of one record. */
function directoryOf(plan: DeliveryPlan, record: ReadRecord): string {
  const schema = plan.descriptor.processing_schema;
  const at = (schema && recordTime(record.data, schema)) ?? plan.deliveredAt;
  return timeDirectories(plan.descriptor.partition_format, at);
}

/** How many of `records` (from the first) fall into at most `limit` time directories. */
export function countWithinDirectories(plan: DeliveryPlan, records: readonly ReadRecord[], limit: number): number {
  if (!plan.descriptor.processing_schema) return records.length;
  const seen = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    seen.add(directoryOf(plan, records[i]!));
    if (seen.size > limit) return i;
  }
  return records.length;
}

/** The records grouped by time directory, in sequence order within each group. */
function byDirectory(plan: DeliveryPlan, records: readonly ReadRecord[]): Map<string, ReadRecord[]> {
  const groups = new Map<string, ReadRecord[]>();
  for (const record of records) {
    const dir = directoryOf(plan, record);
    const group = groups.get(dir);
    if (group) group.push(record);
    else groups.set(dir, [record]);
  }
  return groups;
}

function describe(plan: DeliveryPlan, partition: number, records: readonly ReadRecord[], compression: string): Record<string, string> {
  return {
    stream_name: plan.streamName,
    task_id: plan.taskId,
    partition_id: partitionId(partition),
    first_sequence_number: String(records[0]!.sequence),
    last_sequence_number: String(records[records.length - 1]!.sequence),
    record_count: String(records.length),
    delivered_at: String(plan.deliveredAt),
    compression,
  };
}

/** Where an object holding `records` (in sequence order) goes. */
function keyOf(plan: DeliveryPlan, partition: number, prefix: string, directories: string, records: readonly ReadRecord[], extension: string): string {
  const firstSequence = records[0]!.sequence;
  const lastSequence = records[records.length - 1]!.sequence;
  return objectKey({ prefix, directories, streamName: plan.streamName, taskId: plan.taskId, partition, firstSequence, lastSequence, extension });
}

function textObject(plan: DeliveryPlan, partition: number, prefix: string, directories: string, records: readonly ReadRecord[]): PlannedObject {
  return {
    key: keyOf(plan, partition, prefix, directories, records, TEXT_FILE.extension),
    body: encodeText(
      records.map((r) => r.data),
      plan.descriptor.record_delimiter,
    ),
    httpMetadata: { contentType: TEXT_FILE.contentType, contentEncoding: TEXT_FILE.contentEncoding },
    customMetadata: describe(plan, partition, records, "gzip"),
    records: records.length,
  };
}

function parquetObjects(plan: DeliveryPlan, partition: number, directories: string, records: readonly ReadRecord[]): PlannedObject[] {
  let encoded: ReturnType<typeof encodeParquet>;
  try {
    encoded = encodeParquet(
      plan.columns ?? [],
      records.map((r) => r.data),
      { stream_name: plan.streamName, partition_id: partitionId(partition) },
    );
  } catch (error) {
    // A value the writer refuses must not hold the partition up: the records go out as text.
    console.error(`parquet writer refused a batch of ${plan.streamName}/${partition}; delivered as text under ${ERROR_DIRECTORY}`, error);
    return [textObject(plan, partition, `${plan.descriptor.file_prefix}/${ERROR_DIRECTORY}`, directories, records)];
  }
  const { file, rejected } = encoded;
  const objects: PlannedObject[] = [];
  const rejectedSet = new Set(rejected);
  const rows = records.filter((_, i) => !rejectedSet.has(i));
  if (file && rows.length > 0) {
    objects.push({
      key: keyOf(plan, partition, plan.descriptor.file_prefix, directories, rows, PARQUET_FILE.extension),
      body: file,
      httpMetadata: { contentType: PARQUET_FILE.contentType },
      customMetadata: describe(plan, partition, rows, "snappy"),
      records: rows.length,
    });
  }
  if (rejected.length > 0) {
    const errors = rejected.map((i) => records[i]!);
    objects.push(textObject(plan, partition, `${plan.descriptor.file_prefix}/${ERROR_DIRECTORY}`, directories, errors));
  }
  return objects;
}

/** The objects holding `records` (consecutive records of one partition). */
export function planObjects(plan: DeliveryPlan, partition: number, records: readonly ReadRecord[]): PlannedObject[] {
  const objects: PlannedObject[] = [];
  for (const [directories, group] of byDirectory(plan, records)) {
    if (plan.descriptor.destination_file_type === "parquet") objects.push(...parquetObjects(plan, partition, directories, group));
    else objects.push(textObject(plan, partition, plan.descriptor.file_prefix, directories, group));
  }
  return objects;
}
