/**
 * What one delivery of one partition writes into a bucket: the records grouped by time
 * directory, each group encoded in the layout's file type and named (object-names.ts). Pure:
 * the file writer writes what this plans. OBS, MRS and DLI tasks all deliver files this way.
 */
import { partitionId } from "../../streams/partitions";
import type { ReadRecord } from "../../partition/log-contract";
import type { FileType, PartitionFormat, ProcessingSchema } from "../descriptor";
import { encodeParquet, PARQUET_FILE, type ParquetColumn } from "../formats/parquet";
import { encodeText, TEXT_FILE } from "../formats/text";
import { objectKey, timeDirectories } from "../object-names";
import { recordTime } from "../record-time";

/** Where and how a task's files go. */
export interface FileLayout {
  /** The directory every object goes under. */
  prefix: string;
  partitionFormat: PartitionFormat;
  /** Time directories from a field of each record instead of the delivery time. */
  processingSchema?: ProcessingSchema;
  fileType: FileType;
  /** Between records of a text file. */
  recordDelimiter: string;
  /**
   * Where records a Parquet file cannot hold go, as text beside the files (`<file_prefix>/obs_error`);
   * null: they are handed back to the delivery loop, which backs them up (`mrs_error/`, `dli_error/`).
   */
  errorPrefix: string | null;
  /** Parquet columns from the stream's `data_schema` (parquet files). */
  columns: ParquetColumn[] | null;
}

export interface DeliveryPlan {
  taskId: string;
  streamName: string;
  layout: FileLayout;
  /** A record's data as files hold it (decompressed, for streams with a `compression_format`); throws when it cannot be. */
  decode?: (data: Uint8Array) => Uint8Array;
  /** The delivery's time: it names the time directories unless `processing_schema` takes them from the records. */
  deliveredAt: number;
}

/** A record the plan could not place in a file, and why. */
export interface Misfit {
  record: ReadRecord;
  why: string;
}

/** What one batch becomes: the objects to write, and the records handed back (when the layout has no error prefix). */
export interface Planned {
  objects: PlannedObject[];
  misfits: Misfit[];
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
  const schema = plan.layout.processingSchema;
  const at = (schema && recordTime(record.data, schema)) ?? plan.deliveredAt;
  return timeDirectories(plan.layout.partitionFormat, at);
}

/** How many of `records` (from the first) fall into at most `limit` time directories. */
export function countWithinDirectories(plan: DeliveryPlan, records: readonly ReadRecord[], limit: number): number {
  if (!plan.layout.processingSchema) return records.length;
  const seen = new Set<string>();
  const { decode } = plan;
  for (let i = 0; i < records.length; i++) {
    let record = records[i]!;
    try {
      if (decode) record = { ...record, data: decode(record.data) };
    } catch {
      // Set aside under the delivery time's directories.
    }
    seen.add(directoryOf(plan, record));
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
      plan.layout.recordDelimiter,
    ),
    httpMetadata: { contentType: TEXT_FILE.contentType, contentEncoding: TEXT_FILE.contentEncoding },
    customMetadata: describe(plan, partition, records, "gzip"),
    records: records.length,
  };
}

/** Records no file can hold: as text under the layout's error prefix, or handed back. */
function setAside(plan: DeliveryPlan, partition: number, directories: string, unfit: readonly ReadRecord[], why: string, into: Planned): void {
  if (unfit.length === 0) return;
  const errorPrefix = plan.layout.errorPrefix;
  if (errorPrefix !== null) into.objects.push(textObject(plan, partition, errorPrefix, directories, unfit));
  else into.misfits.push(...unfit.map((record) => ({ record, why })));
}

function parquetObjects(plan: DeliveryPlan, partition: number, directories: string, records: readonly ReadRecord[], into: Planned): void {
  let encoded: ReturnType<typeof encodeParquet>;
  try {
    encoded = encodeParquet(
      plan.layout.columns ?? [],
      records.map((r) => r.data),
      { stream_name: plan.streamName, partition_id: partitionId(partition) },
    );
  } catch (error) {
    // A value the writer refuses must not hold the partition up: the records go out as text.
    console.error(`parquet writer refused a batch of ${plan.streamName}/${partition}; delivered as text`, error);
    setAside(plan, partition, directories, records, `the Parquet writer refused the batch: ${(error as Error).message}`, into);
    return;
  }
  const { file, rejected } = encoded;
  const rejectedSet = new Set(rejected);
  const rows = records.filter((_, i) => !rejectedSet.has(i));
  if (file && rows.length > 0) {
    into.objects.push({
      key: keyOf(plan, partition, plan.layout.prefix, directories, rows, PARQUET_FILE.extension),
      body: file,
      httpMetadata: { contentType: PARQUET_FILE.contentType },
      customMetadata: describe(plan, partition, rows, "snappy"),
      records: rows.length,
    });
  }
  setAside(
    plan,
    partition,
    directories,
    rejected.map((i) => records[i]!),
    "not a JSON object whose fields fit the data_schema's columns",
    into,
  );
}

/** The objects holding `records` (consecutive records of one partition), and the records no file can hold. */
export function planObjects(plan: DeliveryPlan, partition: number, records: readonly ReadRecord[]): Planned {
  const planned: Planned = { objects: [], misfits: [] };
  const { decode } = plan;
  if (decode) {
    const decoded: ReadRecord[] = [];
    const undecodable: Misfit[] = [];
    for (const record of records) {
      try {
        decoded.push({ ...record, data: decode(record.data) });
      } catch (error) {
        undecodable.push({ record, why: (error as Error).message });
      }
    }
    // As stored, together, where the batch's unfit records go.
    if (undecodable.length > 0 && plan.layout.errorPrefix !== null) {
      planned.objects.push(textObject(plan, partition, plan.layout.errorPrefix, timeDirectories(plan.layout.partitionFormat, plan.deliveredAt), undecodable.map((m) => m.record)));
    } else planned.misfits.push(...undecodable);
    records = decoded;
  }
  for (const [directories, group] of byDirectory(plan, records)) {
    if (plan.layout.fileType === "parquet") parquetObjects(plan, partition, directories, group, planned);
    else planned.objects.push(textObject(plan, partition, plan.layout.prefix, directories, group));
  }
  return planned;
}
