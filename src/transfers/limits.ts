/**
 * The reference's limits for transfer tasks (§5.5) as plain values, for the descriptor schemas
 * (descriptor.ts, destinations/) and the web console's task form alike.
 */
export const TASK_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** `deliver_time_interval`, seconds. */
export const DELIVER_INTERVAL = { min: 30, max: 900, default: 300 } as const;
/** `file_prefix` and its kin: letters, digits, `_` and `/`, at most 50, not starting with `/`. */
export const DIRECTORY_PREFIX = /^(?!\/)[A-Za-z0-9_/]{0,50}$/;
/** Directory layouts from a time; "" and "N/A" mean no time directories. */
export const PARTITION_FORMATS = ["", "N/A", "yyyy", "yyyy/MM", "yyyy/MM/dd", "yyyy/MM/dd/HH", "yyyy/MM/dd/HH/mm"] as const;
export const RECORD_DELIMITERS = [",", ";", "|", "\n"] as const;
export const FILE_TYPES = ["text", "parquet", "carbon"] as const;
/** File types this deployment can write (no CarbonData writer exists for the Workers runtime). */
export const SUPPORTED_FILE_TYPES = ["text", "parquet"] as const;
