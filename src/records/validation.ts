/** The reference's limits for records and cursors (§5.4), written once. */
export const MAX_RECORDS_PER_PUT = 500;
export const MAX_RECORD_BYTES = 1024 * 1024;
export const MAX_PUT_BYTES = { COMMON: 1024 * 1024, ADVANCED: 5 * 1024 * 1024 } as const;
export const MAX_PARTITION_KEY_LENGTH = 256;
export const DEFAULT_FETCH_BYTES = 1024 * 1024;
export const MAX_FETCH_BYTES = 10 * 1024 * 1024;
export const MAX_FETCH_RECORDS = 10_000;

export const CURSOR_TYPES = ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"] as const;

/** A non-negative decimal integer query value that fits a JavaScript number exactly, or null. */
export function parseCount(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,16}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}
