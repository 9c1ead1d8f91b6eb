/**
 * A transfer task's delivery progress, in its Durable Object's SQLite storage: per partition, the
 * next sequence number to deliver and the records that expired undelivered; per task, when it
 * last delivered. Progress moves only after the objects holding the records were written.
 */
import { applySteps } from "../util/sql-steps";

/** Append-only schema steps of the task object. */
const TASK_MIGRATIONS: readonly string[] = [
  // 1: the task (one row) and each partition's progress.
  `CREATE TABLE task_state (
     id INTEGER PRIMARY KEY CHECK (id = 0),
     task_id TEXT NOT NULL,
     last_delivery_at INTEGER NOT NULL,
     last_transfer_timestamp INTEGER NOT NULL DEFAULT 0,
     failure TEXT
   );
   CREATE TABLE partition_progress (
     partition_index INTEGER PRIMARY KEY,
     next_sequence INTEGER NOT NULL,
     discard INTEGER NOT NULL DEFAULT 0,
     last_transfer_timestamp INTEGER NOT NULL DEFAULT 0,
     failure TEXT
   );`,
  // 2: the partition the next run starts with (runs that stop early take turns over the partitions).
  `ALTER TABLE task_state ADD COLUMN resume_partition INTEGER NOT NULL DEFAULT 0;`,
  // 3: since when a partition's delivery has been failing (retry_duration counts from it).
  `ALTER TABLE partition_progress ADD COLUMN failing_since INTEGER;`,
];

export interface PartitionProgress {
  partition: number;
  /** The next sequence number to deliver: every record before it was delivered or expired. */
  next: number;
  /** Records that expired before they were delivered. */
  discard: number;
  /** When records of this partition were last delivered (0: never). */
  lastTransferTimestamp: number;
  /** Why the last delivery of this partition failed; null when it did not. */
  failure: string | null;
  /** When the partition's deliveries began to fail (null while they succeed). */
  failingSince: number | null;
}

export interface TaskProgress {
  taskId: string;
  /** When the task last delivered (or was created): the next delivery is due an interval later. */
  lastDeliveryAt: number;
  lastTransferTimestamp: number;
  /** Why the last delivery failed, for any partition; null when it did not. */
  failure: string | null;
  partitions: PartitionProgress[];
}

/** A partition the task has not seen yet (created by a later scale-out): it starts at its beginning. */
export function unstartedProgress(partition: number): PartitionProgress {
  return { partition, next: 0, discard: 0, lastTransferTimestamp: 0, failure: null, failingSince: null };
}

interface StateRow extends Record<string, SqlStorageValue> {
  task_id: string;
  last_delivery_at: number;
  last_transfer_timestamp: number;
  failure: string | null;
}

interface ProgressRow extends Record<string, SqlStorageValue> {
  partition_index: number;
  next_sequence: number;
  discard: number;
  last_transfer_timestamp: number;
  failure: string | null;
  failing_since: number | null;
}

function progressOf(r: ProgressRow): PartitionProgress {
  return { partition: r.partition_index, next: r.next_sequence, discard: r.discard, lastTransferTimestamp: r.last_transfer_timestamp, failure: r.failure, failingSince: r.failing_since };
}

export class ProgressStore {
  constructor(private readonly sql: SqlStorage) {
    applySteps(sql, TASK_MIGRATIONS);
  }

  /** Lays the schema down again after the object's storage was wiped: an empty task, never set up. */
  reinstall(): void {
    applySteps(this.sql, TASK_MIGRATIONS);
  }

  /** Starts a task: where each partition's delivery begins. A second call changes nothing. */
  setUp(taskId: string, createdAt: number, starts: readonly { partition: number; next: number }[]): void {
    if (this.state()) return;
    this.sql.exec("INSERT INTO task_state (id, task_id, last_delivery_at) VALUES (0, ?, ?)", taskId, createdAt);
    for (const s of starts) this.sql.exec("INSERT INTO partition_progress (partition_index, next_sequence) VALUES (?, ?)", s.partition, s.next);
  }

  private state(): StateRow | null {
    return this.sql.exec<StateRow>("SELECT task_id, last_delivery_at, last_transfer_timestamp, failure FROM task_state").toArray()[0] ?? null;
  }

  progress(): TaskProgress | null {
    const state = this.state();
    if (!state) return null;
    const partitions = this.sql
      .exec<ProgressRow>("SELECT * FROM partition_progress ORDER BY partition_index")
      .toArray()
      .map(progressOf);
    return { taskId: state.task_id, lastDeliveryAt: state.last_delivery_at, lastTransferTimestamp: state.last_transfer_timestamp, failure: state.failure, partitions };
  }

  /** A partition's progress (unstarted when the task has not seen it). */
  partition(index: number): PartitionProgress {
    const row = this.sql.exec<ProgressRow>("SELECT * FROM partition_progress WHERE partition_index = ?", index).toArray()[0];
    return row ? progressOf(row) : unstartedProgress(index);
  }

  /** Records a partition's progress after its objects were written (`deliveredAt` 0: nothing was written). */
  advance(index: number, next: number, discard: number, deliveredAt: number): void {
    this.sql.exec(
      `INSERT INTO partition_progress (partition_index, next_sequence, discard, last_transfer_timestamp, failure) VALUES (?, ?, ?, ?, NULL)
       ON CONFLICT (partition_index) DO UPDATE SET next_sequence = excluded.next_sequence, discard = excluded.discard,
         last_transfer_timestamp = max(last_transfer_timestamp, excluded.last_transfer_timestamp), failure = NULL, failing_since = NULL`,
      index,
      next,
      discard,
      deliveredAt,
    );
    if (deliveredAt > 0) this.sql.exec("UPDATE task_state SET last_transfer_timestamp = max(last_transfer_timestamp, ?)", deliveredAt);
  }

  /** Records why a partition's delivery failed at `at`; its progress stays where it was. */
  fail(index: number, failure: string, at: number): void {
    const p = this.partition(index);
    this.sql.exec(
      `INSERT INTO partition_progress (partition_index, next_sequence, discard, failure, failing_since) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (partition_index) DO UPDATE SET failure = excluded.failure, failing_since = coalesce(failing_since, excluded.failing_since)`,
      index,
      p.next,
      p.discard,
      failure,
      at,
    );
  }

  /**
   * Ends a run: its time, its first failure (null when every partition was delivered), and the
   * partition the next run starts with (runs that stop early take turns over the partitions).
   */
  finishDelivery(at: number, failure: string | null, resumePartition: number): void {
    this.sql.exec("UPDATE task_state SET last_delivery_at = ?, failure = ?, resume_partition = ?", at, failure, resumePartition);
  }

  /** The partition a run starts with. */
  resumePartition(): number {
    return this.sql.exec<{ p: number }>("SELECT resume_partition AS p FROM task_state").toArray()[0]?.p ?? 0;
  }
}
