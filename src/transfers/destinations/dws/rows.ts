/**
 * A record as a row of the DWS table: JSON records mapped by field name, other records split by
 * the delimiter into the columns in order, with the options' meanings (reference table 5-119):
 * `fill_missing_fields` lets a record lack trailing fields (they are NULL), `ignore_extra_data`
 * drops fields beyond the columns, `compatible_illegal_chars` turns bytes that are not UTF-8 and
 * NUL characters into `?` instead of refusing the record. Values go to the server as text, which
 * it converts to each column's type. Pure.
 */
import { splitCsvRecord } from "../../../records/data-types/csv";
import type { DwsOptions } from "./descriptor";

export interface RowShape {
  columns: readonly string[];
  /** JSON streams map fields by name; the others split lines. */
  json: boolean;
  delimiter: string;
  options: DwsOptions;
}

export type Row = { values: (string | null)[] } | { error: string };

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder("utf-8");

function textOf(data: Uint8Array, options: DwsOptions): string | { error: string } {
  if (options.compatible_illegal_chars) return lenient.decode(data).replace(/[\u0000\ufffd]/g, "?");
  let text: string;
  try {
    text = strict.decode(data);
  } catch {
    return { error: "the record is not UTF-8 text (compatible_illegal_chars is off)" };
  }
  if (text.includes("\u0000")) return { error: "the record holds a NUL character (compatible_illegal_chars is off)" };
  return text;
}

function cell(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function fromJson(shape: RowShape, text: string): Row {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: "the record is not JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { error: "the record is not a JSON object" };
  const record = parsed as Record<string, unknown>;
  if (!shape.options.ignore_extra_data) {
    const extra = Object.keys(record).find((k) => !shape.columns.includes(k));
    if (extra !== undefined) return { error: `field "${extra}" is not a column (ignore_extra_data is off)` };
  }
  if (!shape.options.fill_missing_fields) {
    const missing = shape.columns.find((c) => !(c in record));
    if (missing !== undefined) return { error: `column "${missing}" has no field (fill_missing_fields is off)` };
  }
  return { values: shape.columns.map((c) => cell(record[c])) };
}

function fromLine(shape: RowShape, text: string): Row {
  const fields = splitCsvRecord(text, shape.delimiter);
  if (!fields) return { error: "the record is not a well-formed delimited line" };
  const n = shape.columns.length;
  if (fields.length > n && !shape.options.ignore_extra_data) return { error: `the record has ${fields.length} fields, the table ${n} columns (ignore_extra_data is off)` };
  if (fields.length < n && !shape.options.fill_missing_fields) return { error: `the record has ${fields.length} fields, the table ${n} columns (fill_missing_fields is off)` };
  // An empty field is NULL, as in DWS's text import.
  return { values: shape.columns.map((_, i) => (i < fields.length && fields[i] !== "" ? fields[i]! : null)) };
}

/** The row of a record's data, or why it cannot be one. */
export function rowOf(shape: RowShape, data: Uint8Array): Row {
  const text = textOf(data, shape.options);
  if (typeof text !== "string") return text;
  return shape.json ? fromJson(shape, text) : fromLine(shape, text);
}
