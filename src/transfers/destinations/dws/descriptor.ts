/**
 * The DWS descriptor (reference tables 5-118 and 5-119). `user_password` is sealed with the
 * service's credential key before it is stored, and never shown.
 */
import { z } from "zod";
import { commonFields, directoryPrefix, retryDuration, withoutNulls } from "../../descriptor";

/** A PostgreSQL identifier as DWS takes it unquoted: letters, digits, `_`, `$`, not starting with a digit. */
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, "must be an identifier of at most 63 letters, digits, '_' or '$'");

/** `true`/`on` or `false`/`off` (booleans taken too). */
const onOff = z
  .union([z.boolean(), z.enum(["true", "on", "false", "off"], { error: "must be true, on, false or off" })])
  .transform((v) => v === true || v === "true" || v === "on")
  .default(false);

export const dwsOptions = z.preprocess(
  withoutNulls,
  z.object({
    fill_missing_fields: onOff,
    ignore_extra_data: onOff,
    compatible_illegal_chars: onOff,
    reject_limit: z
      .union([z.number().int().min(0), z.string().regex(/^(\d+|unlimited)$/, "must be an integer or unlimited")])
      .transform((v) => (v === "unlimited" ? -1 : Number(v)))
      .default(0),
    error_table_name: identifier.optional(),
  }),
);
export type DwsOptions = z.infer<typeof dwsOptions>;

export const dwsDescriptor = z.preprocess(
  withoutNulls,
  z.object({
    ...commonFields,
    dws_cluster_name: z.string().min(1, "must not be empty").max(64),
    dws_cluster_id: z.string().min(1, "must not be empty").max(64),
    dws_database_name: identifier,
    dws_schema: identifier,
    dws_table_name: identifier,
    // The reference's example sends "": then the stream's CSV delimiter (or ",") applies.
    dws_delimiter: z.enum([",", ";", "|", ""], { error: "must be ',', ';' or '|'" }),
    user_name: z.string().min(1, "must not be empty").max(63),
    user_password: z.string().min(1, "must not be empty").max(256),
    kms_user_key_name: z.string().min(1, "must not be empty").max(255),
    kms_user_key_id: z.string().min(1, "must not be empty").max(255),
    obs_bucket_path: z.string().min(1, "must name a bucket").max(256),
    file_prefix: directoryPrefix,
    retry_duration: retryDuration,
    dws_table_columns: z
      .string()
      .transform((s) => s.split(",").map((c) => c.trim()).filter((c) => c !== ""))
      .pipe(z.array(identifier))
      .default([]),
    options: dwsOptions.default({ fill_missing_fields: false, ignore_extra_data: false, compatible_illegal_chars: false, reject_limit: 0 }),
  }),
);
export type DwsDescriptorInput = z.infer<typeof dwsDescriptor>;

/** What a DWS task stores: the password sealed (`encryptSecretKey`), never in clear. */
export interface DwsDescriptor extends Omit<DwsDescriptorInput, "user_password"> {
  user_password_sealed: string;
}
