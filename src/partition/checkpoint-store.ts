/** The checkpoints table of a partition log: where each consumer app got to. */

export interface Checkpoint {
  sequence: number;
  metadata: string;
}

export class CheckpointStore {
  constructor(private readonly sql: SqlStorage) {}

  get(appId: string, type: string): Checkpoint | null {
    const row = this.sql
      .exec<{ sequence_number: number; metadata: string }>(
        "SELECT sequence_number, metadata FROM checkpoints WHERE app_id = ? AND checkpoint_type = ?",
        appId,
        type,
      )
      .toArray()[0];
    return row ? { sequence: row.sequence_number, metadata: row.metadata } : null;
  }

  put(appId: string, type: string, checkpoint: Checkpoint, now: number): void {
    this.sql.exec(
      "INSERT INTO checkpoints (app_id, checkpoint_type, sequence_number, metadata, committed_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (app_id, checkpoint_type) DO UPDATE SET sequence_number = excluded.sequence_number, metadata = excluded.metadata, committed_at = excluded.committed_at",
      appId,
      type,
      checkpoint.sequence,
      checkpoint.metadata,
      now,
    );
  }

  /** Deletes an app's checkpoint of one type, or of every type when none is given. */
  delete(appId: string, type?: string): void {
    if (type === undefined) this.sql.exec("DELETE FROM checkpoints WHERE app_id = ?", appId);
    else this.sql.exec("DELETE FROM checkpoints WHERE app_id = ? AND checkpoint_type = ?", appId, type);
  }
}
