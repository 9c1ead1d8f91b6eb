/**
 * One partition of one stream incarnation: its ordered log in the object's SQLite storage.
 * Named `<stream_id>/<index>`, so a re-created stream never sees an old stream's records.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { migrate } from "./storage-schema";

export interface SequenceRange {
  /** First retained sequence number. */
  earliest: number;
  /** The next sequence number to be assigned. */
  latest: number;
}

interface LogStateRow extends Record<string, SqlStorageValue> {
  next_sequence: number;
  earliest_sequence: number;
  erased: number;
}

export class PartitionLog extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrate(this.sql);
  }

  private state(): LogStateRow {
    return this.sql.exec<LogStateRow>("SELECT next_sequence, earliest_sequence, erased FROM log_state WHERE id = 0").one();
  }

  /** The retained sequence range, `[earliest, latest)`. */
  sequenceRange(): SequenceRange {
    const state = this.state();
    return { earliest: state.earliest_sequence, latest: state.next_sequence };
  }

  /** Erases the log for good: the stream was deleted. Idempotent; later writes are refused. */
  async erase(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    migrate(this.sql);
    this.sql.exec("UPDATE log_state SET erased = 1 WHERE id = 0");
  }

  /** Whether the log was erased. */
  isErased(): boolean {
    return this.state().erased === 1;
  }
}
