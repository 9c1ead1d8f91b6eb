/**
 * DWS tasks: rows inserted into `dws_schema.dws_table_name` of the PostgreSQL-compatible server
 * `dws_cluster_name` maps to (`DWS_CLUSTERS`), one transaction per batch (writer.ts). Batches the
 * server keeps refusing are retried for `retry_duration`, then go to
 * `obs_bucket_path/file_prefix/dws_error/`, as do the records that cannot be rows (unless
 * `options.error_table_name` keeps them in the database).
 */
import { decryptSecretKey, encryptSecretKey } from "../../../auth/secrets";
import { disError } from "../../../errors/dis-error";
import { validate } from "../../../http/body";
import { bucketFor } from "../../buckets";
import type { Destination } from "../destination";
import { clusterFor } from "./clusters";
import { dwsDescriptor, type DwsDescriptor } from "./descriptor";
import { dwsWriter } from "./writer";

export const dwsDestination: Destination<DwsDescriptor> = {
  type: "DWS",

  async parse(env, _stream, raw) {
    const { user_password, ...input } = validate(dwsDescriptor, raw, "dws_destination_descriptor");
    if (!clusterFor(env, input.dws_cluster_name)) throw disError("DIS.4350", `${input.dws_cluster_name} is not provided by this deployment.`);
    if (!bucketFor(env, input.obs_bucket_path)) throw disError("DIS.4306", input.obs_bucket_path);
    return { ...input, user_password_sealed: await encryptSecretKey(user_password, env.CREDENTIAL_ENCRYPTION_KEY) };
  },

  describe(descriptor) {
    const { user_password_sealed: _, dws_table_columns, options, ...shown } = descriptor;
    // The reference's types: the columns as one string, the options as strings.
    const description = {
      ...shown,
      dws_table_columns: dws_table_columns.join(","),
      options: {
        fill_missing_fields: String(options.fill_missing_fields),
        ignore_extra_data: String(options.ignore_extra_data),
        compatible_illegal_chars: String(options.compatible_illegal_chars),
        reject_limit: options.reject_limit < 0 ? "unlimited" : String(options.reject_limit),
        ...(options.error_table_name ? { error_table_name: options.error_table_name } : {}),
      },
    };
    // The Java SDK reads the first spelling, the Python SDK (v3) the second.
    return { dws_destination_description: description, dws_destination_descripton: description };
  },

  backup: (d) => ({ bucket: d.obs_bucket_path, prefix: d.file_prefix, directory: "dws_error" }),

  async open(env, d, run) {
    const cluster = clusterFor(env, d.dws_cluster_name);
    if (!cluster) return `The DWS cluster ${d.dws_cluster_name} is not provided by this deployment.`;
    const password = await decryptSecretKey(d.user_password_sealed, env.CREDENTIAL_ENCRYPTION_KEY);
    if (password === null) return "The stored user_password cannot be opened with the service's credential key; update the task with the password.";
    return dwsWriter(cluster, d, password, run.stream, run);
  },
};
