/**
 * The reference's limits for streams (§5.1, §5.7) as plain values, for the request schemas
 * (validation.ts) and the web console's forms alike.
 */
export const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
export const TAG_KEY = /^[A-Za-z0-9_\-\u4E00-\u9FFF]{1,36}$/;
export const TAG_VALUE = /^[A-Za-z0-9_.\-\u4E00-\u9FFF]{0,43}$/;
export const MAX_TAGS = 10;
/** `data_duration`: hours a record is kept. */
export const RETENTION_HOURS = { min: 24, max: 168, default: 24 } as const;
export const STREAM_TYPES = ["COMMON", "ADVANCED"] as const;
export const DATA_TYPES = ["BLOB", "JSON", "CSV"] as const;
export const COMPRESSION_FORMATS = ["snappy", "gzip", "zip"] as const;
/** `csv_properties.delimiter`: 1-8 characters. */
export const CSV_DELIMITER_MAX = 8;
