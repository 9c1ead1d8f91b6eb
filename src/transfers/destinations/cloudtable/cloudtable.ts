/**
 * CloudTable tasks. OpenTSDB tasks (`opentsdb_schema`): data points from each JSON record
 * (points.ts) sent to the OpenTSDB HTTP API `cloudtable_cluster_name` maps to
 * (`CLOUDTABLE_CLUSTERS`). Points OpenTSDB refuses and records that cannot be points go to
 * `obs_backup_bucket_path/backup_file_prefix/opentsdb_error/` at once, batches still failing after
 * `retry_duration` likewise; without a backup bucket those records count as discarded and
 * failing batches are retried until they are written.
 *
 * HBase tasks (`cloudtable_schema`) are checked in full, then refused: there is no
 * HBase-compatible server this deployment could be tested against.
 */
import { disError } from "../../../errors/dis-error";
import { bucketFor } from "../../buckets";
import type { Destination } from "../destination";
import { openTsdbEndpoint } from "./clusters";
import { parseCloudtableDescriptor, type CloudtableDescriptor } from "./descriptor";
import { openTsdbWriter } from "./writer";

export type OpenTsdbDescriptor = Extract<CloudtableDescriptor, { opentsdb_schema: unknown }>;

export const HBASE_REFUSAL =
  "cloudtable_destination_descriptor.cloudtable_schema: CloudTable HBase tasks cannot be delivered by this deployment (no HBase-compatible server to deliver to); CloudTable tasks take opentsdb_schema.";

export const cloudtableDestination: Destination<OpenTsdbDescriptor> = {
  type: "CLOUDTABLE",

  async parse(env, _stream, raw) {
    const descriptor = parseCloudtableDescriptor(raw);
    if (!("opentsdb_schema" in descriptor)) throw disError("DIS.4200", HBASE_REFUSAL);
    if (!openTsdbEndpoint(env, descriptor.cloudtable_cluster_name)) {
      throw disError("DIS.4341", `${descriptor.cloudtable_cluster_name} is not provided by this deployment.`);
    }
    if (descriptor.obs_backup_bucket_path !== undefined && !bucketFor(env, descriptor.obs_backup_bucket_path)) {
      throw disError("DIS.4306", descriptor.obs_backup_bucket_path);
    }
    return descriptor;
  },

  describe(descriptor) {
    // The Java SDK reads the first spelling, the Python SDK (v3) the second.
    return { cloudtable_destination_description: descriptor, cloudtable_destination_descripton: descriptor };
  },

  backup: (d) => (d.obs_backup_bucket_path === undefined ? null : { bucket: d.obs_backup_bucket_path, prefix: d.backup_file_prefix, directory: "opentsdb_error" }),

  async open(env, d, run) {
    const endpoint = openTsdbEndpoint(env, d.cloudtable_cluster_name);
    if (!endpoint) return `The CloudTable cluster ${d.cloudtable_cluster_name} is not provided by this deployment.`;
    return openTsdbWriter(endpoint, d.opentsdb_schema, run.stream);
  },
};
