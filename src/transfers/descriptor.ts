/**
 * What every transfer task body has in common (reference §5.5): the reference's limits written
 * once, as schemas, shared by each destination's descriptor (destinations/<type>/descriptor.ts).
 */
import { z } from "zod";
import { DELIVER_INTERVAL, DIRECTORY_PREFIX, FILE_TYPES, PARTITION_FORMATS, SUPPORTED_FILE_TYPES, TASK_NAME } from "./limits";

export { FILE_TYPES, PARTITION_FORMATS, SUPPORTED_FILE_TYPES } from "./limits";

/** At most this many transfer tasks per stream (DIS.4357). */
export const TRANSFER_TASK_QUOTA = 5;

export const DESTINATION_TYPES = ["OBS", "MRS", "DLI", "CLOUDTABLE", "DWS"] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];
/** The reference's example of a CloudTable HBase task spells its type so; it means CLOUDTABLE. */
export const DESTINATION_TYPE_ALIASES: Readonly<Record<string, DestinationType>> = { CLOUDBASE: "CLOUDTABLE" };

export type FileType = (typeof SUPPORTED_FILE_TYPES)[number];

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

/** JSON `null` for an optional field means "not given". */
export function withoutNulls(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** An integer given as a number or as a string of digits (the SDKs send both). */
export const integerInput = z.union([z.number(), z.string().regex(/^\d+$/, "must be an integer").transform(Number)]);

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

export const taskName = z.string().regex(TASK_NAME, "must be 1-64 letters, digits, '_' or '-'");

/** `file_prefix` and its kin: a relative directory path. */
export const directoryPrefix = z
  .string()
  .regex(DIRECTORY_PREFIX, "must be at most 50 letters, digits, '_' and '/', not starting with '/'")
  .default("");

/** `retry_duration`: seconds (0–7200, default 1800) a failing delivery is retried before its records go to `<type>_error/`. */
export const retryDuration = integerInput.pipe(z.number().int().min(0, "must be 0-7200").max(7200, "must be 0-7200")).default(1800);

/** The fields every destination's descriptor starts with (tables 5-82, 5-118, 5-123, 5-127, 5-131). */
export const commonFields = {
  task_name: taskName,
  agency_name: z.string().min(1, "must not be empty").max(64),
  deliver_time_interval: integerInput.pipe(z.number().int().min(DELIVER_INTERVAL.min).max(DELIVER_INTERVAL.max)).default(DELIVER_INTERVAL.default),
  consumer_strategy: z.enum(["LATEST", "TRIM_HORIZON"], { error: "must be LATEST or TRIM_HORIZON" }).default("LATEST"),
};

/** What the generic delivery loop reads from any stored descriptor. */
export interface CommonDescriptor {
  task_name: string;
  agency_name: string;
  deliver_time_interval: number;
  consumer_strategy: "LATEST" | "TRIM_HORIZON";
  retry_duration: number;
}

/** The request body fields naming each destination's descriptor. */
export const DESCRIPTOR_FIELDS = {
  OBS: "obs_destination_descriptor",
  DWS: "dws_destination_descriptor",
  MRS: "mrs_destination_descriptor",
  DLI: "dli_destination_descriptor",
  CLOUDTABLE: "cloudtable_destination_descriptor",
} as const satisfies Record<DestinationType, string>;

export const transferTaskBody = z.object({
  destination_type: z
    .string({ error: "is required" })
    .transform((t) => DESTINATION_TYPE_ALIASES[t] ?? t)
    .pipe(z.enum(DESTINATION_TYPES, { error: `must be one of ${DESTINATION_TYPES.join(", ")}` })),
  obs_destination_descriptor: z.unknown().optional(),
  dws_destination_descriptor: z.unknown().optional(),
  mrs_destination_descriptor: z.unknown().optional(),
  dli_destination_descriptor: z.unknown().optional(),
  cloudtable_destination_descriptor: z.unknown().optional(),
});

export const taskActionBody = z.object({
  action: z.enum(["start", "stop"], { error: "must be start or stop" }),
  tasks: z
    .array(z.object({ id: z.string().min(1, "must not be empty") }))
    .min(1, "must name at least one task")
    .max(100),
});

/** The delivered objects' list: from `cursor` on. */
export const deliveredObjectsQuery = z.object({ cursor: z.string().optional() });

/** One delivered object's preview, named by its key. */
export const objectPreviewQuery = z.object({ key: z.string({ error: "is required" }).min(1, "must name an object") });
