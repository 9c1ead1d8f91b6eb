/**
 * The partition log's SQLite schema, as an append-only list of steps applied on wake.
 * Never edit a released step; add a new one.
 */
import { applySteps } from "../util/sql-steps";

export const PARTITION_MIGRATIONS: readonly string[] = [
  // 1: log state (one row) and chunks: one row per put, the records packed in `data`
  //    (partition/chunk-codec.ts) and sharing the append's `timestamp`. `next_sequence` is as of
  //    the last retention run or erase: appends only insert chunks, and the next sequence number
  //    is recovered from them on wake.
  `CREATE TABLE log_state (
     id INTEGER PRIMARY KEY CHECK (id = 0),
     next_sequence INTEGER NOT NULL,
     earliest_sequence INTEGER NOT NULL,
     retention_ms INTEGER NOT NULL,
     stream_type TEXT NOT NULL,
     erased INTEGER NOT NULL
   );
   INSERT INTO log_state VALUES (0, 0, 0, 86400000, 'COMMON', 0);
   CREATE TABLE chunks (
     first_sequence INTEGER PRIMARY KEY,
     last_sequence INTEGER NOT NULL,
     timestamp INTEGER NOT NULL,
     bytes INTEGER NOT NULL,
     data BLOB NOT NULL
   );`,
  // 2: consumer checkpoints of this partition, per app incarnation (app id) and checkpoint type.
  `CREATE TABLE checkpoints (
     app_id TEXT NOT NULL,
     checkpoint_type TEXT NOT NULL,
     sequence_number INTEGER NOT NULL,
     metadata TEXT NOT NULL,
     committed_at INTEGER NOT NULL,
     PRIMARY KEY (app_id, checkpoint_type)
   ) WITHOUT ROWID;`,
  // 3: per-minute metric counters (partition/metrics-store.ts).
  `CREATE TABLE metrics (
     minute INTEGER PRIMARY KEY,
     put_bytes INTEGER NOT NULL DEFAULT 0,
     put_records INTEGER NOT NULL DEFAULT 0,
     put_requests INTEGER NOT NULL DEFAULT 0,
     put_latency_ms INTEGER NOT NULL DEFAULT 0,
     put_latency_count INTEGER NOT NULL DEFAULT 0,
     get_bytes INTEGER NOT NULL DEFAULT 0,
     get_records INTEGER NOT NULL DEFAULT 0,
     get_requests INTEGER NOT NULL DEFAULT 0,
     get_latency_ms INTEGER NOT NULL DEFAULT 0,
     get_latency_count INTEGER NOT NULL DEFAULT 0,
     throttled_puts INTEGER NOT NULL DEFAULT 0,
     throttled_gets INTEGER NOT NULL DEFAULT 0
   );`,
  // 4: routing: the stream's routing epoch this log last heard of, and whether it takes writes
  //    (a scale-in turns it read-only).
  `ALTER TABLE log_state ADD COLUMN routing_epoch INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE log_state ADD COLUMN writable INTEGER NOT NULL DEFAULT 1;`,
  // 5: apps deleted since they committed here: a commit racing the deletion must not leave a checkpoint behind.
  `CREATE TABLE deleted_apps (app_id TEXT PRIMARY KEY) WITHOUT ROWID;`,
  // 6: segments (partition/segment-store.ts): sealed chunks moved to R2 objects, one row per
  //    object (`sealed` 0 while its move is under way), and one row per block of each.
  `CREATE TABLE segments (
     key TEXT PRIMARY KEY,
     first_sequence INTEGER NOT NULL,
     last_sequence INTEGER NOT NULL,
     last_timestamp INTEGER NOT NULL,
     stored_bytes INTEGER NOT NULL,
     sealed INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE segment_blocks (
     first_sequence INTEGER PRIMARY KEY,
     last_sequence INTEGER NOT NULL,
     first_timestamp INTEGER NOT NULL,
     last_timestamp INTEGER NOT NULL,
     segment TEXT NOT NULL,
     offset INTEGER NOT NULL,
     length INTEGER NOT NULL,
     bytes INTEGER NOT NULL
   );
   CREATE INDEX segment_blocks_by_time ON segment_blocks (last_timestamp);`,
  // 7: the partitions that took this one's keys when a scale-in made it read-only (comma-separated
  //    ids), named to its live subscribers once they have all its records.
  `ALTER TABLE log_state ADD COLUMN children TEXT NOT NULL DEFAULT '';`,
];

/** Brings a partition log's storage to the newest schema. */
export function migrate(sql: SqlStorage): void {
  applySteps(sql, PARTITION_MIGRATIONS);
}
