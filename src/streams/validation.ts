/** The reference's limits for stream operations (§5.1), written once as schemas. */
import { z } from "zod";
import { intParam } from "../http/query-params";
import { COMPRESSION_FORMATS, CSV_DELIMITER_MAX, DATA_TYPES, MAX_TAGS, RETENTION_HOURS, STREAM_NAME, STREAM_TYPES, TAG_KEY, TAG_VALUE } from "./limits";

export { MAX_TAGS, STREAM_NAME, TAG_KEY, TAG_VALUE } from "./limits";

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const streamName = z.string().regex(STREAM_NAME, "must be 1-64 letters, digits, '_' or '-'");
const retentionHours = z.number().int().min(RETENTION_HOURS.min).max(RETENTION_HOURS.max);
const dataType = z.enum(DATA_TYPES);
const partitionCount = z.number().int().min(1);

export const tag = z.object({
  key: z.string().regex(TAG_KEY, "must be 1-36 letters, digits, '_', '-' or CJK characters"),
  value: z.string().regex(TAG_VALUE, "must be 0-43 letters, digits, '_', '-', '.' or CJK characters").default(""),
});

export const sysTag = z.object({
  key: z.literal("_sys_enterprise_project_id"),
  value: z.string().regex(UUID, "must be a UUID"),
});

function uniqueKeys(tags: ReadonlyArray<{ key: string }>): boolean {
  return new Set(tags.map((t) => t.key)).size === tags.length;
}

const autoScaleFields = {
  auto_scale_enabled: z.boolean().nullish(),
  auto_scale_min_partition_count: z.number().int().min(1).nullish(),
  auto_scale_max_partition_count: z.number().int().min(1).nullish(),
};

export const createStreamBody = z.object({
  stream_name: streamName,
  partition_count: partitionCount,
  stream_type: z.enum(STREAM_TYPES).nullish(),
  data_type: dataType.nullish(),
  data_duration: retentionHours.nullish(),
  ...autoScaleFields,
  data_schema: z.string().min(1).nullish(),
  csv_properties: z.object({ delimiter: z.string().min(1).max(CSV_DELIMITER_MAX).nullish() }).nullish(),
  compression_format: z.enum(COMPRESSION_FORMATS).nullish(),
  tags: z.array(tag).refine(uniqueKeys, "tag keys must be unique").nullish(),
  sys_tags: z.array(sysTag).max(1).nullish(),
});
export type CreateStreamBody = z.infer<typeof createStreamBody>;

export const changePartitionCountBody = z.object({
  stream_name: streamName,
  target_partition_count: partitionCount,
});

export const updateStreamBody = z.object({
  stream_name: streamName,
  data_duration: retentionHours.nullish(),
  data_type: dataType.nullish(),
  data_schema: z.string().min(1).nullish(),
  ...autoScaleFields,
});
export type UpdateStreamBody = z.infer<typeof updateStreamBody>;


export const listStreamsQuery = z.object({
  limit: intParam(1, 100, 10),
  start_stream_name: z.string().optional(),
});

export const describeStreamQuery = z.object({
  start_partition_id: z.string().optional(),
  start_partitionId: z.string().optional(),
  limit_partitions: intParam(1, 1000, 100),
  stream_id: z.string().optional(),
});
