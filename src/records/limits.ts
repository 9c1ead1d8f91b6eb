/** The reference's size limits of put and get records (§5.4), as plain numbers: clients read them without the validation schemas. */
export const MAX_RECORDS_PER_PUT = 500;
export const MAX_RECORD_BYTES = 1024 * 1024;
export const MAX_PUT_BYTES = { COMMON: 1024 * 1024, ADVANCED: 5 * 1024 * 1024 } as const;
export const MAX_PARTITION_KEY_LENGTH = 256;
export const DEFAULT_FETCH_BYTES = 1024 * 1024;
export const MAX_FETCH_BYTES = 10 * 1024 * 1024;
export const MAX_FETCH_RECORDS = 10_000;
