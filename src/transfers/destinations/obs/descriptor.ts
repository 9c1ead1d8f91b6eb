/** The OBS descriptor (reference table 5-82), normalized: defaults filled, `\n` given as two characters taken as a newline. */
import { z } from "zod";
import { commonFields, directoryPrefix, FILE_TYPES, PARTITION_FORMATS, processingSchema, withoutNulls, type FileType } from "../../descriptor";
import { RECORD_DELIMITERS } from "../../limits";

export { RECORD_DELIMITERS } from "../../limits";

/** `destination_file_type`, `partition_format`, `processing_schema`, `record_delimiter`: how files are laid out (OBS, MRS). */
export const fileFields = {
  partition_format: z.enum(PARTITION_FORMATS, { error: `must be one of N/A, ${PARTITION_FORMATS.slice(2).join(", ")}` }).default(""),
  destination_file_type: z.enum(FILE_TYPES, { error: "must be text, parquet or carbon" }).default("text"),
  processing_schema: processingSchema.optional(),
  record_delimiter: z
    .string()
    .transform((d) => (d === "\\n" ? "\n" : d))
    .pipe(z.enum(RECORD_DELIMITERS, { error: "must be ',', ';', '|' or '\\n'" }))
    .default("\n"),
};

export const obsDescriptor = z.preprocess(
  withoutNulls,
  z.object({
    ...commonFields,
    file_prefix: directoryPrefix,
    obs_bucket_path: z.string().min(1, "must name a bucket").max(256),
    ...fileFields,
  }),
);
export type ObsDescriptorInput = z.infer<typeof obsDescriptor>;

/** What an OBS task stores and describe shows: the request's fields plus `retry_duration` (OBS never retries past a delivery). */
export interface ObsDescriptor extends Omit<ObsDescriptorInput, "destination_file_type"> {
  destination_file_type: FileType;
  retry_duration: number;
}
