/**
 * The CloudTable descriptor (reference tables 5-131 to 5-139): an HBase task (`cloudtable_schema`,
 * rows from JSON fields) or an OpenTSDB task (`opentsdb_schema`, data points from JSON fields),
 * one or the other. Problems in `cloudtable_schema` are DIS.4345, in `opentsdb_schema` DIS.4348,
 * as the reference's error table has them; the other fields DIS.4200.
 */
import { z } from "zod";
import { disError } from "../../../errors/dis-error";
import { describeIssue, validate } from "../../../http/body";
import { commonFields, directoryPrefix, retryDuration, TIMESTAMP_FORMATS, withoutNulls } from "../../descriptor";

/** The types a JSON field may be read as. */
export const FIELD_TYPES = ["Bigint", "Double", "Boolean", "Timestamp", "String", "Decimal"] as const;
export const ROW_KEY_DELIMITERS = [",", ".", "|", ";", "\\", "-", "_", "~"] as const;

const fieldType = z.enum(FIELD_TYPES, { error: `must be one of ${FIELD_TYPES.join(", ")}` });
const JSON_FIELD = /^[A-Za-z0-9_]{1,32}$/;
const jsonField = z.string().regex(JSON_FIELD, "must be 1-32 letters, digits or '_'");
/** An OpenTSDB value or tag: a JSON field read as its type, or (`Constant`, beyond the reference's types) the value as written. */
const fieldOrConstant = z.enum([...FIELD_TYPES, "Constant"], { error: `must be Constant or one of ${FIELD_TYPES.join(", ")}` });

/** `value` checked by `type`: a constant matching `constant`, or a JSON field name. */
function constantOrField(constant: RegExp, what: string) {
  return (entry: { type: string; value: string }, ctx: z.RefinementCtx) => {
    const [pattern, message] = entry.type === "Constant" ? [constant, `must be ${what} (a Constant)`] : [JSON_FIELD, "must be 1-32 letters, digits or '_'"];
    if (!pattern.test(entry.value)) ctx.addIssue({ code: "custom", message, path: ["value"] });
  };
}
const list = <T extends z.ZodType>(item: T, min: number, max: number) =>
  z.array(z.preprocess(withoutNulls, item)).min(min, `must hold at least ${min}`).max(max, `must hold at most ${max}`);

export const hbaseSchema = z.preprocess(
  withoutNulls,
  z.object({
    row_key: list(z.object({ value: z.string().min(1, "must name a JSON field"), type: fieldType }), 1, 64),
    columns: list(
      z.object({
        column_family_name: z.string().min(1, "must not be empty"),
        column_name: jsonField,
        value: z.string().min(1, "must name a JSON field"),
        type: fieldType,
      }),
      1,
      4096,
    ),
  }),
);

export const openTsdbSchema = list(
  z.object({
    metric: list(
      z.object({
        type: z.enum(["Constant", "String"], { error: "must be Constant or String" }),
        value: z.string().regex(/^[A-Za-z0-9.]{1,32}$/, "must be 1-32 letters, digits or '.'"),
      }),
      1,
      32,
    ),
    timestamp: z.preprocess(
      withoutNulls,
      z
        .object({
          type: z.enum(["Timestamp", "String"], { error: "must be Timestamp or String" }),
          value: jsonField,
          format: z.enum(TIMESTAMP_FORMATS, { error: `must be one of ${TIMESTAMP_FORMATS.join(", ")}` }).optional(),
        })
        .refine((t) => t.type !== "String" || t.format !== undefined, { message: "is required when type is String", path: ["format"] }),
    ),
    value: z.preprocess(withoutNulls, z.object({ type: fieldOrConstant, value: z.string() }).superRefine(constantOrField(/^-?\d+(\.\d+)?$/, "a number"))),
    tags: list(z.object({ name: jsonField, type: fieldOrConstant, value: z.string() }).superRefine(constantOrField(/^[\p{L}\p{N}._/-]{1,32}$/u, "1-32 letters, digits, '-', '_', '.' or '/'")), 0, 8),
  }),
  1,
  64,
);

const cloudtableFields = z.preprocess(
  withoutNulls,
  z.object({
    ...commonFields,
    cloudtable_cluster_name: z.string().min(1, "must not be empty").max(64),
    cloudtable_cluster_id: z.string().min(1, "must not be empty").max(64),
    cloudtable_table_name: z.string().min(1, "must not be empty").max(128).optional(),
    cloudtable_schema: z.unknown().optional(),
    opentsdb_schema: z.unknown().optional(),
    cloudtable_row_key_delimiter: z.enum(ROW_KEY_DELIMITERS, { error: `must be one of ${ROW_KEY_DELIMITERS.join(" ")}` }).default("."),
    obs_backup_bucket_path: z.string().min(1, "must name a bucket").max(256).optional(),
    backup_file_prefix: directoryPrefix,
    retry_duration: retryDuration,
  }),
);

export type HbaseSchema = z.infer<typeof hbaseSchema>;
export type OpenTsdbSchema = z.infer<typeof openTsdbSchema>;
type Fields = z.infer<typeof cloudtableFields>;

export type CloudtableDescriptor =
  | (Omit<Fields, "cloudtable_schema" | "opentsdb_schema"> & { cloudtable_schema: HbaseSchema; cloudtable_table_name: string })
  | (Omit<Fields, "cloudtable_schema" | "opentsdb_schema"> & { opentsdb_schema: OpenTsdbSchema });

const FIELD = "cloudtable_destination_descriptor";

/** The first problem, its path under `prefix`: `prefix[0].metric: …`, `prefix.columns: …`, `prefix: …`. */
function under(prefix: string, error: z.ZodError): string {
  const detail = describeIssue(error);
  const path = error.issues[0]?.path ?? [];
  if (path.length === 0) return `${prefix}: ${detail}`;
  return typeof path[0] === "number" ? `${prefix}${detail}` : `${prefix}.${detail}`;
}

/** The descriptor checked, or the DIS error naming the first problem. */
export function parseCloudtableDescriptor(raw: unknown): CloudtableDescriptor {
  const { cloudtable_schema, opentsdb_schema, ...fields } = validate(cloudtableFields, raw, FIELD);
  if ((cloudtable_schema === undefined) === (opentsdb_schema === undefined)) {
    throw disError("DIS.4200", `${FIELD}: exactly one of cloudtable_schema (HBase) and opentsdb_schema (OpenTSDB) is required.`);
  }
  if (cloudtable_schema !== undefined) {
    const schema = hbaseSchema.safeParse(cloudtable_schema);
    if (!schema.success) throw disError("DIS.4345", under(`${FIELD}.cloudtable_schema`, schema.error));
    if (fields.cloudtable_table_name === undefined) throw disError("DIS.4200", `${FIELD}.cloudtable_table_name: is required for HBase.`);
    return { ...fields, cloudtable_table_name: fields.cloudtable_table_name, cloudtable_schema: schema.data };
  }
  const schema = openTsdbSchema.safeParse(opentsdb_schema);
  if (!schema.success) throw disError("DIS.4348", under(`${FIELD}.opentsdb_schema`, schema.error));
  return { ...fields, opentsdb_schema: schema.data };
}
