/**
 * MRS tasks: files, in the OBS formats, under `mrs_hdfs_path/hdfs_prefix_folder` of the R2
 * bucket `mrs_cluster_name` maps to (`MRS_CLUSTERS`); the cluster reads them through Hadoop's S3
 * connector (`s3a://<bucket>/<mrs_hdfs_path>/…`). Writes still failing after `retry_duration`,
 * and records a Parquet file cannot hold, go to `obs_bucket_path/file_prefix/mrs_error/`.
 */
import { disError } from "../../../errors/dis-error";
import { validate } from "../../../http/body";
import { bucketFor, bucketNamed } from "../../buckets";
import { fileWriter } from "../../files/file-writer";
import { keyPrefix } from "../../object-names";
import { checkedFileType, columnsFor } from "../../files/file-type";
import type { Destination } from "../destination";
import { hdfsPath, mrsDescriptor, pathSegments, type MrsDescriptor } from "./descriptor";

const FIELD = "mrs_destination_descriptor";

/** `mrs_hdfs_path/hdfs_prefix_folder` as a key prefix of the cluster's bucket (no leading `/`). */
function directoryOf(d: MrsDescriptor): string {
  return [...(pathSegments(d.mrs_hdfs_path) ?? []), ...(pathSegments(d.hdfs_prefix_folder) ?? [])].join("/");
}

export const mrsDestination: Destination<MrsDescriptor> = {
  type: "MRS",

  async parse(env, stream, raw) {
    const input = validate(mrsDescriptor, raw, FIELD);
    const path = hdfsPath.safeParse(input.mrs_hdfs_path);
    if (!path.success) throw disError("DIS.4336", `${FIELD}.mrs_hdfs_path: ${path.error.issues[0]?.message}`);
    const fileType = checkedFileType(stream, input.destination_file_type, `${FIELD}.destination_file_type`);
    if (!bucketNamed(env, env.MRS_CLUSTERS, input.mrs_cluster_name)) throw disError("DIS.4208", `${input.mrs_cluster_name} is not provided by this deployment.`);
    if (!bucketFor(env, input.obs_bucket_path)) throw disError("DIS.4306", input.obs_bucket_path);
    return { ...input, destination_file_type: fileType };
  },

  describe: (descriptor) => ({ mrs_destination_description: descriptor }),

  backup: (d) => ({ bucket: d.obs_bucket_path, prefix: d.file_prefix, directory: "mrs_error" }),

  files(env, d) {
    const bucket = bucketNamed(env, env.MRS_CLUSTERS, d.mrs_cluster_name);
    return bucket && { bucket, prefix: keyPrefix(directoryOf(d)) };
  },

  async open(env, d, run) {
    const bucket = bucketNamed(env, env.MRS_CLUSTERS, d.mrs_cluster_name);
    if (!bucket) return `The MRS cluster ${d.mrs_cluster_name} is not provided by this deployment.`;
    const columns = columnsFor(run.stream, d.destination_file_type);
    if (typeof columns === "string") return columns;
    return fileWriter(
      bucket,
      {
        prefix: directoryOf(d),
        partitionFormat: d.partition_format,
        processingSchema: d.processing_schema,
        fileType: d.destination_file_type,
        recordDelimiter: d.record_delimiter,
        errorPrefix: null,
        columns,
      },
      run,
    );
  },
};
