/**
 * OBS tasks: files in the R2 bucket `obs_bucket_path` names (`OBS_BUCKETS`). The bucket is the
 * destination and its own backup: a failed write is retried at every run until it succeeds, and
 * records a Parquet file cannot hold go beside the files, under `file_prefix/obs_error`.
 */
import { disError } from "../../../errors/dis-error";
import { validate } from "../../../http/body";
import { bucketFor } from "../../buckets";
import { fileWriter } from "../../files/file-writer";
import { keyPrefix } from "../../object-names";
import { checkedFileType, columnsFor } from "../../files/file-type";
import type { Destination } from "../destination";
import { obsDescriptor, type ObsDescriptor } from "./descriptor";

/** Where records a Parquet file cannot hold go, under `file_prefix`, as text. */
export const OBS_ERROR_DIRECTORY = "obs_error";

export const obsDestination: Destination<ObsDescriptor> = {
  type: "OBS",

  async parse(env, stream, raw) {
    const input = validate(obsDescriptor, raw, "obs_destination_descriptor");
    const fileType = checkedFileType(stream, input.destination_file_type, "obs_destination_descriptor.destination_file_type");
    if (!bucketFor(env, input.obs_bucket_path)) throw disError("DIS.4306", input.obs_bucket_path);
    return { ...input, destination_file_type: fileType, retry_duration: 0 };
  },

  describe: (descriptor) => ({ obs_destination_description: descriptor }),

  backup: () => null,

  files(env, d) {
    const bucket = bucketFor(env, d.obs_bucket_path);
    return bucket && { bucket, prefix: keyPrefix(d.file_prefix) };
  },

  async open(env, d, run) {
    const bucket = bucketFor(env, d.obs_bucket_path);
    if (!bucket) return `The bucket ${d.obs_bucket_path} is not provided by this deployment.`;
    const columns = columnsFor(run.stream, d.destination_file_type);
    if (typeof columns === "string") return columns;
    return fileWriter(
      bucket,
      {
        prefix: d.file_prefix,
        partitionFormat: d.partition_format,
        processingSchema: d.processing_schema,
        fileType: d.destination_file_type,
        recordDelimiter: d.record_delimiter,
        errorPrefix: `${d.file_prefix}/${OBS_ERROR_DIRECTORY}`,
        columns,
      },
      run,
    );
  },
};
