/** The create stream form as the console keeps it, what the reference would refuse in it, and the request body it makes. Pure. */
import { MAX_TAGS, RETENTION_HOURS, STREAM_NAME, TAG_KEY, TAG_VALUE } from "../../src/streams/limits";

export interface StreamForm {
  stream_name: string;
  partition_count: string;
  stream_type: string;
  data_duration: string;
  data_type: string;
  data_schema: string;
  compression_format: string;
  csv_delimiter: string;
  auto_scale_enabled: boolean;
  auto_scale_min_partition_count: string;
  auto_scale_max_partition_count: string;
  /** `key=value` pairs, comma-separated. */
  tags: string;
  /** `sys_tags`' `_sys_enterprise_project_id`: a UUID, or empty. */
  enterprise_project_id: string;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const NEW_STREAM: StreamForm = {
  stream_name: "",
  partition_count: "1",
  stream_type: "COMMON",
  data_duration: String(RETENTION_HOURS.default),
  data_type: "BLOB",
  data_schema: "",
  compression_format: "",
  csv_delimiter: "",
  auto_scale_enabled: false,
  auto_scale_min_partition_count: "1",
  auto_scale_max_partition_count: "1",
  tags: "",
  enterprise_project_id: "",
};

function tagsOf(text: string): { key: string; value: string }[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const at = t.indexOf("=");
      return at < 0 ? { key: t, value: "" } : { key: t.slice(0, at).trim(), value: t.slice(at + 1).trim() };
    });
}

/** What the form would be refused for, in the reference's words. */
export function formProblems(form: StreamForm): string[] {
  const problems: string[] = [];
  if (!STREAM_NAME.test(form.stream_name)) problems.push("Name: 1-64 letters, digits, '_' or '-'.");
  const partitions = Number(form.partition_count);
  if (!Number.isInteger(partitions) || partitions < 1) problems.push("Partitions: at least 1.");
  const hours = Number(form.data_duration);
  if (!Number.isInteger(hours) || hours < RETENTION_HOURS.min || hours > RETENTION_HOURS.max) problems.push(`Retention: ${RETENTION_HOURS.min}-${RETENTION_HOURS.max} hours.`);
  if (form.data_schema) {
    try {
      JSON.parse(form.data_schema);
    } catch {
      problems.push("Data schema: not JSON.");
    }
  }
  if (form.auto_scale_enabled) {
    const min = Number(form.auto_scale_min_partition_count);
    const max = Number(form.auto_scale_max_partition_count);
    if (!(min >= 1 && max >= min && partitions >= min && partitions <= max)) problems.push("Auto-scaling: 1 ≤ fewest ≤ partitions ≤ most.");
  }
  const tags = tagsOf(form.tags);
  if (tags.length > MAX_TAGS) problems.push(`Tags: at most ${MAX_TAGS}.`);
  if (tags.some((t) => !TAG_KEY.test(t.key) || !TAG_VALUE.test(t.value))) problems.push("Tags: keys 1-36 and values 0-43 letters, digits, '_', '-' (values also '.').");
  if (new Set(tags.map((t) => t.key)).size !== tags.length) problems.push("Tags: keys must be unique.");
  if (form.enterprise_project_id && !UUID.test(form.enterprise_project_id)) problems.push("Enterprise project: a UUID.");
  return problems;
}

export function createBody(form: StreamForm): Record<string, unknown> {
  const tags = tagsOf(form.tags);
  return {
    stream_name: form.stream_name,
    partition_count: Number(form.partition_count),
    stream_type: form.stream_type,
    data_duration: Number(form.data_duration),
    data_type: form.data_type,
    ...(form.data_type !== "BLOB" && form.data_schema ? { data_schema: form.data_schema } : {}),
    ...(form.compression_format ? { compression_format: form.compression_format } : {}),
    ...(form.data_type === "CSV" && form.csv_delimiter ? { csv_properties: { delimiter: form.csv_delimiter } } : {}),
    ...(form.auto_scale_enabled
      ? { auto_scale_enabled: true, auto_scale_min_partition_count: Number(form.auto_scale_min_partition_count), auto_scale_max_partition_count: Number(form.auto_scale_max_partition_count) }
      : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(form.enterprise_project_id ? { sys_tags: [{ key: "_sys_enterprise_project_id", value: form.enterprise_project_id }] } : {}),
  };
}
