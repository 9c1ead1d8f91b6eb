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

  /** Deletes an app's checkpoint of one type. */
  delete(appId: string, type: string): void {
    this.sql.exec("DELETE FROM checkpoints WHERE app_id = ? AND checkpoint_type = ?", appId, type);
  }

  /** The app was deleted: its checkpoints go, and it may never commit here again. */
  forgetApp(appId: string): void {
    this.sql.exec("DELETE FROM checkpoints WHERE app_id = ?", appId);
    this.sql.exec("INSERT OR IGNORE INTO deleted_apps (app_id) VALUES (?)", appId);
  }

  isDeleted(appId: string): boolean {
    return this.sql.exec("SELECT 1 FROM deleted_apps WHERE app_id = ?", appId).toArray().length > 0;
  }
}
