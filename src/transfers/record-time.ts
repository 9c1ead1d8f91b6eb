/**
 * `processing_schema`: the time a JSON record carries in one of its fields, which then decides
 * the record's time directories instead of the delivery time. Times are read as UTC.
 */
import type { ProcessingSchema, TimestampFormat } from "./descriptor";

/** Field order of each String format: indexes of year, month, day within the date part. */
const DATE_ORDER: Record<TimestampFormat, { sep: string; y: number; m: number; d: number }> = {
  "yyyy/MM/dd HH:mm:ss": { sep: "/", y: 0, m: 1, d: 2 },
  "MM/dd/yyyy HH:mm:ss": { sep: "/", y: 2, m: 0, d: 1 },
  "dd/MM/yyyy HH:mm:ss": { sep: "/", y: 2, m: 1, d: 0 },
  "yyyy-MM-dd HH:mm:ss": { sep: "-", y: 0, m: 1, d: 2 },
  "MM-dd-yyyy HH:mm:ss": { sep: "-", y: 2, m: 0, d: 1 },
  "dd-MM-yyyy HH:mm:ss": { sep: "-", y: 2, m: 1, d: 0 },
};

/** Epoch milliseconds of a String timestamp in `format`, or null when it does not match. */
export function parseTimestamp(text: string, format: TimestampFormat): number | null {
  const order = DATE_ORDER[format];
  const match = /^(\d{1,4})([/-])(\d{1,4})\2(\d{1,4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match || match[2] !== order.sep) return null;
  const date = [match[1], match[3], match[4]].map(Number);
  const [year, month, day] = [date[order.y] ?? 0, date[order.m] ?? 0, date[order.d] ?? 0];
  const [hour, minute, second] = [Number(match[5]), Number(match[6]), Number(match[7])];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 April over into May: such a date does not exist.
  return new Date(ms).getUTCDate() === day ? ms : null;
}

/**
 * The time in the record's `timestamp_name` field, or null when the record is not a JSON object,
 * lacks the field, or the value does not match the schema (the delivery time is used instead).
 */
export function recordTime(data: Uint8Array, schema: ProcessingSchema): number | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const value = (parsed as Record<string, unknown>)[schema.timestamp_name];
  if (schema.timestamp_type === "Timestamp") {
    const ms = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
    return Number.isSafeInteger(ms) && ms >= 0 ? ms : null;
  }
  return typeof value === "string" && schema.timestamp_format ? parseTimestamp(value, schema.timestamp_format) : null;
}
