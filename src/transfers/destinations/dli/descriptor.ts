/** The DLI descriptor (reference tables 5-99 and 5-127). */
import { z } from "zod";
import { commonFields, directoryPrefix, retryDuration, withoutNulls } from "../../descriptor";

/** A Hive name: letters, digits and `_`; Hive folds it to lower case. */
const hiveName = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,128}$/, "must be 1-128 letters, digits or '_'")
  .transform((n) => n.toLowerCase());

export const dliDescriptor = z.preprocess(
  withoutNulls,
  z.object({
    ...commonFields,
    dli_database_name: hiveName,
    dli_table_name: hiveName,
    obs_bucket_path: z.string().min(1, "must name a bucket").max(256),
    file_prefix: directoryPrefix,
    retry_duration: retryDuration,
  }),
);
export type DliDescriptor = z.infer<typeof dliDescriptor>;
