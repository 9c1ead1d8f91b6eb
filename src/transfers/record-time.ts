/**
 * `processing_schema`: the time a JSON record carries in one of its fields, which then decides
 * the record's time directories instead of the delivery time. Times are read as UTC.
 */
import type { ProcessingSchema, TimestampFormat } from "./descriptor";

/** Times past the year 9999 cannot name a `yyyy` directory. */
const LAST_YEAR_END = Date.UTC(10000, 0, 1);

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
  const parts = [match[1]!, match[3]!, match[4]!];
  if (parts[order.y]!.length !== 4 || parts[order.m]!.length > 2 || parts[order.d]!.length > 2) return null;
  const date = parts.map(Number);
  const [year, month, day] = [date[order.y] ?? 0, date[order.m] ?? 0, date[order.d] ?? 0];
  const [hour, minute, second] = [Number(match[5]), Number(match[6]), Number(match[7])];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // setUTCFullYear, unlike Date.UTC, takes years 0-99 as they are.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  // 31 April rolls over into May: such a date does not exist.
  return d.getUTCDate() === day ? d.getTime() : null;
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
    return Number.isSafeInteger(ms) && ms >= 0 && ms < LAST_YEAR_END ? ms : null;
  }
  return typeof value === "string" && schema.timestamp_format ? parseTimestamp(value, schema.timestamp_format) : null;
}
