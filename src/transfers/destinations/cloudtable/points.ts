/**
 * OpenTSDB data points from a JSON record, by `opentsdb_schema` (reference tables 5-104 to
 * 5-108): each schema entry makes one point of every record. Pure; the writer sends them.
 *
 * - metric: its parts joined by `.`, a `Constant` part as written, a `String` part the record's
 *   field of that name (a string, or a number).
 * - timestamp: a `Timestamp` field is epoch seconds (10 digits) or milliseconds (13), passed on as
 *   OpenTSDB reads it; a `String` field is read in its `format`, UTC, as milliseconds.
 * - value: the field read as its `type` (`Boolean` is 1 or 0; `String` a numeric string); OpenTSDB
 *   values are numbers.
 * - tags: each the named field, read as its type and written as text.
 * - `Constant` values and tags (beyond the reference's types, which name only fields): as written.
 *
 * A record that is not a JSON object, lacks a field, holds a value of another type, or makes a
 * name OpenTSDB refuses (its characters: letters, digits, `-`, `_`, `.`, `/`) cannot be points.
 */
import { parseTimestamp } from "../../record-time";
import type { OpenTsdbSchema } from "./descriptor";

export interface DataPoint {
  metric: string;
  timestamp: number;
  value: number;
  tags: Record<string, string>;
}

type FieldType = Exclude<OpenTsdbSchema[number]["value"]["type"], "Constant">;

/** Characters OpenTSDB takes in metric names, tag names and tag values. */
const OPENTSDB_NAME = /^[\p{L}\p{N}\-_./]+$/u;
/** Epoch seconds or milliseconds, as OpenTSDB takes them (at most 13 digits). */
const MAX_TIMESTAMP = 9_999_999_999_999;

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

class Unfit extends Error {}

function field(record: Record<string, unknown>, name: string): unknown {
  if (!Object.hasOwn(record, name) || record[name] === null) throw new Unfit(`field "${name}" is missing`);
  return record[name];
}

function integerOf(value: unknown, name: string): number {
  const n = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw new Unfit(`field "${name}": ${JSON.stringify(value)} is not a Bigint`);
  return n;
}

function numberOf(value: unknown, name: string, type: string): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new Unfit(`field "${name}": ${JSON.stringify(value)} is not a ${type}`);
  return n;
}

/** A field read as its declared type, as a number (values) or as text (tags). */
function typed(value: unknown, name: string, type: FieldType): number | string {
  switch (type) {
    case "Bigint":
    case "Timestamp":
      return integerOf(value, name);
    case "Double":
    case "Decimal":
      return numberOf(value, name, type);
    case "Boolean":
      if (typeof value === "boolean") return value ? 1 : 0;
      if (value === "true" || value === "false") return value === "true" ? 1 : 0;
      throw new Unfit(`field "${name}": ${JSON.stringify(value)} is not a Boolean`);
    case "String":
      if (typeof value !== "string") throw new Unfit(`field "${name}": ${JSON.stringify(value)} is not a String`);
      return value;
  }
}

function checkedName(text: string, what: string): string {
  if (!OPENTSDB_NAME.test(text)) throw new Unfit(`${what} ${JSON.stringify(text)} holds characters OpenTSDB does not take`);
  return text;
}

function metricOf(record: Record<string, unknown>, parts: OpenTsdbSchema[number]["metric"]): string {
  const names = parts.map((p) => {
    if (p.type === "Constant") return p.value;
    const value = field(record, p.value);
    if (typeof value !== "string" && typeof value !== "number") throw new Unfit(`field "${p.value}": ${JSON.stringify(value)} is not a String`);
    return String(value);
  });
  return checkedName(names.join("."), "metric");
}

function timestampOf(record: Record<string, unknown>, schema: OpenTsdbSchema[number]["timestamp"]): number {
  const value = field(record, schema.value);
  if (schema.type === "String") {
    const at = typeof value === "string" && schema.format ? parseTimestamp(value, schema.format) : null;
    if (at === null || at < 0) throw new Unfit(`field "${schema.value}": ${JSON.stringify(value)} is not a time in ${schema.format}`);
    return at;
  }
  const at = integerOf(value, schema.value);
  if (at < 0 || at > MAX_TIMESTAMP) throw new Unfit(`field "${schema.value}": ${at} is not epoch seconds or milliseconds`);
  return at;
}

function valueOf(record: Record<string, unknown>, schema: OpenTsdbSchema[number]["value"]): number {
  if (schema.type === "Constant") return Number(schema.value);
  const value = typed(field(record, schema.value), schema.value, schema.type);
  return typeof value === "number" ? value : numberOf(value, schema.value, "number");
}

function tagsOf(record: Record<string, unknown>, tags: OpenTsdbSchema[number]["tags"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags) {
    out[tag.name] = tag.type === "Constant" ? tag.value : checkedName(String(typed(field(record, tag.value), tag.value, tag.type)), `tag ${tag.name} value`);
  }
  return out;
}

/** The points of one record, or why it cannot be points. */
export function pointsOf(schema: OpenTsdbSchema, data: Uint8Array): DataPoint[] | string {
  let record: unknown;
  try {
    record = JSON.parse(decoder.decode(data));
  } catch {
    return "not a JSON record";
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) return "not a JSON object";
  const fields = record as Record<string, unknown>;
  try {
    return schema.map((entry) => ({
      metric: metricOf(fields, entry.metric),
      timestamp: timestampOf(fields, entry.timestamp),
      value: valueOf(fields, entry.value),
      tags: tagsOf(fields, entry.tags),
    }));
  } catch (error) {
    if (error instanceof Unfit) return error.message;
    throw error;
  }
}
