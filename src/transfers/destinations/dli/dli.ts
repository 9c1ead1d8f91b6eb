/**
 * DLI tasks: Parquet files in the Hive layout of the table, `<dli_database_name>.db/<dli_table_name>/`,
 * in the R2 bucket the database maps to (`DLI_DATABASES`), so that a table defined over that
 * location (`STORED AS PARQUET LOCATION 's3a://<bucket>/<database>.db/<table>/'`) reads them. The
 * columns are the stream's `data_schema` fields, so the stream must be JSON with an Avro record
 * schema. Writes still failing after `retry_duration`, and records a row cannot hold, go to
 * `obs_bucket_path/file_prefix/dli_error/`.
 */
import { disError } from "../../../errors/dis-error";
import { validate } from "../../../http/body";
import { bucketFor, bucketNamed } from "../../buckets";
import { fileWriter } from "../../files/file-writer";
import { keyPrefix } from "../../object-names";
import { checkedFileType, columnsFor } from "../../files/file-type";
import type { Destination } from "../destination";
import { dliDescriptor, type DliDescriptor } from "./descriptor";

const FIELD = "dli_destination_descriptor";

/** The table's directory in the Hive layout. */
const tableLocation = (d: DliDescriptor) => `${d.dli_database_name}.db/${d.dli_table_name}`;

export const dliDestination: Destination<DliDescriptor> = {
  type: "DLI",

  async parse(env, stream, raw) {
    const input = validate(dliDescriptor, raw, FIELD);
    if (!bucketNamed(env, env.DLI_DATABASES, input.dli_database_name)) throw disError("DIS.4337", `${input.dli_database_name} is not provided by this deployment.`);
    checkedFileType(stream, "parquet", `${FIELD}: a DLI table`);
    if (!bucketFor(env, input.obs_bucket_path)) throw disError("DIS.4306", input.obs_bucket_path);
    return input;
  },

  describe: (descriptor) => ({ dli_destination_description: descriptor }),

  backup: (d) => ({ bucket: d.obs_bucket_path, prefix: d.file_prefix, directory: "dli_error" }),

  files(env, d) {
    const bucket = bucketNamed(env, env.DLI_DATABASES, d.dli_database_name);
    return bucket && { bucket, prefix: keyPrefix(tableLocation(d)) };
  },

  async open(env, d, run) {
    const bucket = bucketNamed(env, env.DLI_DATABASES, d.dli_database_name);
    if (!bucket) return `The DLI database ${d.dli_database_name} is not provided by this deployment.`;
    const columns = columnsFor(run.stream, "parquet");
    if (typeof columns === "string") return columns;
    return fileWriter(
      bucket,
      {
        prefix: tableLocation(d),
        partitionFormat: "",
        fileType: "parquet",
        recordDelimiter: "\n",
        errorPrefix: null,
        columns,
      },
      run,
    );
  },
};
