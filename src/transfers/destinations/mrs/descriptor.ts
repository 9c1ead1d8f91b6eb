/**
 * The MRS descriptor (reference tables 5-98 and 5-123), with the file layout fields the Java
 * SDK sends (`destination_file_type`, `partition_format`, and OBS's `record_delimiter` and
 * `processing_schema`). An `mrs_hdfs_path` that is not an absolute path is DIS.4336, as the
 * reference's error table has it; the other fields DIS.4200.
 */
import { z } from "zod";
import { commonFields, directoryPrefix, retryDuration, withoutNulls, type FileType } from "../../descriptor";
import { fileFields } from "../obs/descriptor";

/** Path segments HDFS and R2 keys both take: letters, digits, `_`, `-`, `.`, never `.` or `..` alone. */
const SEGMENT = /^(?!\.\.?$)[A-Za-z0-9_.-]+$/;

/** `/`-separated segments, empty ones dropped; null when one is not a plain name. */
export function pathSegments(path: string): string[] | null {
  const segments = path.split("/").filter((s) => s !== "");
  return segments.every((s) => SEGMENT.test(s)) ? segments : null;
}

export const hdfsPath = z
  .string()
  .max(256, "must be at most 256 characters")
  .refine((p) => p.startsWith("/") && pathSegments(p) !== null, "must be an absolute HDFS path of letters, digits, '_', '-' and '.'");

export const mrsDescriptor = z.preprocess(
  withoutNulls,
  z.object({
    ...commonFields,
    mrs_cluster_name: z.string().min(1, "must not be empty").max(64),
    mrs_cluster_id: z.string().min(1, "must not be empty").max(64),
    mrs_hdfs_path: z.string({ error: "is required" }),
    hdfs_prefix_folder: z
      .string()
      .max(50, "must be at most 50 characters")
      .refine((p) => pathSegments(p) !== null, "must be '/'-separated letters, digits, '_', '-' and '.'")
      .default(""),
    obs_bucket_path: z.string().min(1, "must name a bucket").max(256),
    file_prefix: directoryPrefix,
    retry_duration: retryDuration,
    ...fileFields,
  }),
);
export type MrsDescriptorInput = z.infer<typeof mrsDescriptor>;

export interface MrsDescriptor extends Omit<MrsDescriptorInput, "destination_file_type"> {
  destination_file_type: FileType;
}
