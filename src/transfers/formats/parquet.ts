/**
 * `parquet` files for JSON streams: one column per field of the stream's `data_schema` (an Avro
 * record), written with hyparquet-writer (SNAPPY pages). Every column is optional: a field a
 * record lacks is null. Nested records, arrays, maps and unions of several types are JSON text
 * columns. A record that is not a JSON object, or holds a value of the wrong type for its
 * column, cannot be a row: it is handed back to be delivered as text beside the file.
 */
import { parquetWriteBuffer, type BasicType } from "hyparquet-writer";

export const PARQUET_FILE = { extension: "parquet", contentType: "application/vnd.apache.parquet" } as const;

type ColumnKind = "BOOLEAN" | "INT32" | "INT64" | "FLOAT" | "DOUBLE" | "STRING" | "BYTE_ARRAY" | "JSON";

export interface ParquetColumn {
  name: string;
  kind: ColumnKind;
}

const PRIMITIVE_KINDS: Record<string, ColumnKind> = {
  boolean: "BOOLEAN",
  int: "INT32",
  long: "INT64",
  float: "FLOAT",
  double: "DOUBLE",
  string: "STRING",
  bytes: "BYTE_ARRAY",
};

function kindOf(type: unknown): ColumnKind {
  if (typeof type === "string") return PRIMITIVE_KINDS[type] ?? "JSON";
  if (Array.isArray(type)) {
    const branches = type.filter((t) => t !== "null");
    return branches.length === 1 ? kindOf(branches[0]) : "JSON";
  }
  if (typeof type === "object" && type !== null) {
    const inner = (type as { type?: unknown }).type;
    if (inner === "enum") return "STRING";
    if (inner === "fixed") return "BYTE_ARRAY";
    if (typeof inner === "string" && inner in PRIMITIVE_KINDS) return PRIMITIVE_KINDS[inner]!;
  }
  return "JSON";
}

/** The columns of a `data_schema`, or null when it is not an Avro record with fields. */
export function parquetColumns(dataSchema: string | null): ParquetColumn[] | null {
  if (!dataSchema) return null;
  let schema: unknown;
  try {
    schema = JSON.parse(dataSchema);
  } catch {
    return null;
  }
  const record = schema as { type?: unknown; fields?: unknown };
  if (typeof schema !== "object" || schema === null || record.type !== "record" || !Array.isArray(record.fields)) return null;
  const fields = record.fields as { name?: unknown; type?: unknown }[];
  if (fields.length === 0 || fields.some((f) => typeof f.name !== "string")) return null;
  return fields.map((f) => ({ name: f.name as string, kind: kindOf(f.type) }));
}

const MISMATCH = Symbol("mismatch");
/** A JSON column takes the parsed value: the writer encodes it as JSON text. */
type Cell = boolean | number | bigint | string | Uint8Array | object | null;
const INT64_LIMIT = 2 ** 63;

/** A JSON value as a cell of the column, or MISMATCH. */
function cellOf(value: unknown, kind: ColumnKind): Cell | typeof MISMATCH {
  if (value === undefined || value === null) return null;
  switch (kind) {
    case "BOOLEAN":
      return typeof value === "boolean" ? value : MISMATCH;
    case "INT32":
      return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31 ? (value as number) : MISMATCH;
    case "INT64":
      return Number.isInteger(value) && (value as number) >= -INT64_LIMIT && (value as number) < INT64_LIMIT ? BigInt(value as number) : MISMATCH;
    case "FLOAT":
    case "DOUBLE":
      return typeof value === "number" ? value : MISMATCH;
    case "STRING":
      return typeof value === "string" ? value : MISMATCH;
    case "BYTE_ARRAY":
      // Avro's JSON encoding of bytes: one character per byte.
      return typeof value === "string" && /^[\u0000-\u00ff]*$/.test(value) ? Uint8Array.from(value, (ch) => ch.charCodeAt(0)) : MISMATCH;
    case "JSON":
      return value as object;
  }
}

export interface ParquetResult {
  /** The file, or null when no record could be a row. */
  file: Uint8Array | null;
  /** Indexes (into the records given) of the records that could not be rows. */
  rejected: number[];
}

/** Encodes the records' JSON data as a Parquet file with `columns`. */
export function encodeParquet(columns: readonly ParquetColumn[], records: readonly Uint8Array[], metadata: Record<string, string> = {}): ParquetResult {
  const data: Cell[][] = columns.map(() => []);
  const rejected: number[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  records.forEach((bytes, index) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(bytes));
    } catch {
      rejected.push(index);
      return;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return void rejected.push(index);
    const fields = parsed as Record<string, unknown>;
    const row = columns.map((c) => cellOf(Object.hasOwn(fields, c.name) ? fields[c.name] : undefined, c.kind));
    if (row.includes(MISMATCH)) return void rejected.push(index);
    row.forEach((cell, i) => data[i]!.push(cell as Cell));
  });
  if (rejected.length === records.length) return { file: null, rejected };
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c, i) => ({ name: c.name, data: data[i]!, type: c.kind as BasicType, nullable: true })),
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: "dis-edge",
  });
  return { file: new Uint8Array(buffer), rejected };
}
