/** The reference's limits for records and cursors (§5.4), written once. */
import { z } from "zod";
import type { ErrorCode } from "../errors/codes";
import { MAX_CURSOR_LENGTH } from "./cursor";
import { MAX_FETCH_BYTES, MAX_FETCH_RECORDS, MAX_PARTITION_KEY_LENGTH, MAX_RECORDS_PER_PUT } from "./limits";

export { DEFAULT_FETCH_BYTES, MAX_FETCH_BYTES, MAX_FETCH_RECORDS, MAX_PARTITION_KEY_LENGTH, MAX_PUT_BYTES, MAX_RECORD_BYTES, MAX_RECORDS_PER_PUT } from "./limits";

export const CURSOR_TYPES = ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"] as const;

/** A non-negative decimal integer query value that fits a JavaScript number exactly, or null. */
export function parseCount(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,16}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** An empty query value is "not given" (the SDKs send `k=` for unset parameters). */
const digits = (max: number, what: string) => z.string().regex(new RegExp(`^(\\d{1,${max}})?$`), what);

/** Get cursor's query (reference table 5-76); `cursor-type` defaults to AT_SEQUENCE_NUMBER. */
export const getCursorQuery = z.object({
  "stream-name": z.string().max(64).optional(),
  "stream-id": z.string().max(64).optional(),
  "partition-id": z.string().min(1, "partition-id is required (shardId-0000000000 or 0)"),
  "cursor-type": z.enum(["", ...CURSOR_TYPES], { error: `must be one of ${CURSOR_TYPES.join(", ")}` }).optional(),
  "starting-sequence-number": digits(19, "must be a decimal sequence number").optional(),
  timestamp: digits(16, "must be epoch milliseconds").optional(),
});
/** Subscribe's query (README "Live push"): get cursor's, the app whose checkpoint it commits, and its window. */
export const subscribeQuery = getCursorQuery.extend({
  app_name: z.string().max(200).optional(),
  from_checkpoint: z.enum(["", "true", "false"], { error: "must be true or false" }).optional(),
  window: digits(2, "must be an integer from 1 to 16").optional(),
});

export const GET_CURSOR_CODES: Partial<Record<string, ErrorCode>> = { "partition-id": "DIS.4201", "cursor-type": "DIS.4215", "starting-sequence-number": "DIS.4216" };

/** Get records' query (reference table 5-71, with the SDKs' `max_fetch_bytes` and `limit`). */
export const getRecordsQuery = z.object({
  "partition-cursor": z.string().min(1, "partition-cursor is required").max(MAX_CURSOR_LENGTH, `at most ${MAX_CURSOR_LENGTH} characters`),
  max_fetch_bytes: digits(16, "must be a positive integer (bytes)").optional(),
  max_fetch_by_bytes: digits(16, "must be a positive integer (bytes)").optional(),
  limit: digits(5, `must be an integer from 1 to ${MAX_FETCH_RECORDS}`).optional(),
});
export const GET_RECORDS_CODES: Partial<Record<string, ErrorCode>> = { "partition-cursor": "DIS.4217" };

/**
 * One record of a JSON put (reference table 5-67). Put records checks records by hand, field by
 * field, in its hottest loop (json-body.ts); this schema states the same rules for the API
 * description, and a test holds the two to the same verdicts.
 */
export const putRecordEntry = z.object({
  data: z.base64("data must be base64"),
  partition_id: z.union([z.string(), z.number().int().nonnegative()]).nullish(),
  explicit_hash_key: z.string().nullish(),
  partition_key: z.string().nullish(),
});

/** The JSON put body; an empty `stream_name` or `stream_id` is "not given". */
export const putRecordsBody = z.object({
  stream_name: z.string().max(64).optional(),
  stream_id: z.string().max(64).optional(),
  records: z.array(z.unknown()).min(1).max(MAX_RECORDS_PER_PUT),
});
