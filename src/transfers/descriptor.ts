/**
 * Transfer task bodies (reference §5.5): the reference's limits written once, as schemas, and the
 * normalized descriptor a task stores. Only OBS tasks deliver in this deployment; the other
 * destination types are named here so their descriptors slot in beside it.
 */
import { z } from "zod";

/** At most this many transfer tasks per stream (DIS.4357). */
export const TRANSFER_TASK_QUOTA = 5;

export const DESTINATION_TYPES = ["OBS", "MRS", "DLI", "CLOUDTABLE", "DWS"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];
/** Destination types this deployment delivers to. */
export const SUPPORTED_DESTINATIONS: readonly DestinationType[] = ["OBS"];

export const FILE_TYPES = ["text", "parquet", "carbon"] as const;
/** File types this deployment can write (no CarbonData writer exists for the Workers runtime). */
export const SUPPORTED_FILE_TYPES = ["text", "parquet"] as const;
export type FileType = (typeof SUPPORTED_FILE_TYPES)[number];

/** Directory layouts from a time; "" and "N/A" mean no time directories. */
export const PARTITION_FORMATS = ["", "N/A", "yyyy", "yyyy/MM", "yyyy/MM/dd", "yyyy/MM/dd/HH", "yyyy/MM/dd/HH/mm"] as const;
export type PartitionFormat = (typeof PARTITION_FORMATS)[number];

export const TIMESTAMP_FORMATS = [
  "yyyy/MM/dd HH:mm:ss",
  "MM/dd/yyyy HH:mm:ss",
  "dd/MM/yyyy HH:mm:ss",
  "yyyy-MM-dd HH:mm:ss",
  "MM-dd-yyyy HH:mm:ss",
  "dd-MM-yyyy HH:mm:ss",
] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];

export const RECORD_DELIMITERS = [",", ";", "|", "\n"] as const;

/** JSON `null` for an optional field means "not given". */
function withoutNulls(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

const integerInput = z.union([z.number(), z.string().regex(/^\d+$/, "must be an integer").transform(Number)]);

export const processingSchema = z.preprocess(
  withoutNulls,
  z
    .object({
      timestamp_name: z.string().min(1, "must not be empty").max(256),
      timestamp_type: z.enum(["Timestamp", "String"], { error: "must be Timestamp or String" }),
      timestamp_format: z.enum(TIMESTAMP_FORMATS, { error: `must be one of ${TIMESTAMP_FORMATS.join(", ")}` }).optional(),
    })
    .refine((s) => s.timestamp_type !== "String" || s.timestamp_format !== undefined, {
      message: "is required when timestamp_type is String",
      path: ["timestamp_format"],
    }),
);
export type ProcessingSchema = z.infer<typeof processingSchema>;

export const taskName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'");

/** The OBS descriptor (table 5-82), normalized: defaults filled, `\n` given as two characters taken as a newline. */
export const obsDescriptor = z.preprocess(
  withoutNulls,
  z.object({
    task_name: taskName,
    agency_name: z.string().min(1, "must not be empty").max(64),
    deliver_time_interval: integerInput.pipe(z.number().int().min(30).max(900)).default(300),
    consumer_strategy: z.enum(["LATEST", "TRIM_HORIZON"], { error: "must be LATEST or TRIM_HORIZON" }).default("LATEST"),
    file_prefix: z
      .string()
      .max(50)
      .regex(/^[A-Za-z0-9_/]*$/, "must be letters, digits, '_' and '/'")
      .refine((p) => !p.startsWith("/"), "must not start with '/'")
      .default(""),
    partition_format: z.enum(PARTITION_FORMATS, { error: `must be one of N/A, ${PARTITION_FORMATS.slice(2).join(", ")}` }).default(""),
    obs_bucket_path: z.string().min(1, "must name a bucket").max(256),
    destination_file_type: z.enum(FILE_TYPES, { error: "must be text, parquet or carbon" }).default("text"),
    processing_schema: processingSchema.optional(),
    record_delimiter: z
      .string()
      .transform((d) => (d === "\\n" ? "\n" : d))
      .pipe(z.enum(RECORD_DELIMITERS, { error: "must be ',', ';', '|' or '\\n'" }))
      .default("\n"),
  }),
);
export type ObsDescriptorInput = z.infer<typeof obsDescriptor>;

/** What an OBS task stores and describe shows: the request's fields plus `retry_duration` (OBS never retries past a delivery). */
export interface ObsDescriptor extends Omit<ObsDescriptorInput, "destination_file_type"> {
  destination_file_type: FileType;
  retry_duration: number;
}

export const transferTaskBody = z.object({
  destination_type: z.enum(DESTINATION_TYPES, { error: `must be one of ${DESTINATION_TYPES.join(", ")}` }),
  obs_destination_descriptor: z.unknown().optional(),
});

export const taskActionBody = z.object({
  action: z.enum(["start", "stop"], { error: "must be start or stop" }),
  tasks: z
    .array(z.object({ id: z.string().min(1, "must not be empty") }))
    .min(1, "must name at least one task")
    .max(100),
});
