/** A consumer group's SQLite tables: the group row, its members, the streams they follow, the assignment. */
import { applySteps } from "../util/sql-steps";
import type { GroupSnapshot, MemberSnapshot, StreamPartitions } from "./coordinator";

export const GROUP_MIGRATIONS: readonly string[] = [
  // 1: the group (one row: generation and the pending rebalance), its members, the partitions of
  //    the streams they follow (readable ones only), and who owns each in the current generation.
  `CREATE TABLE group_state (
     id INTEGER PRIMARY KEY CHECK (id = 0),
     generation INTEGER NOT NULL,
     round TEXT
   );
   INSERT INTO group_state VALUES (0, 0, NULL);
   CREATE TABLE members (
     client_id TEXT PRIMARY KEY,
     streams TEXT NOT NULL,
     timeout_ms INTEGER NOT NULL,
     current INTEGER NOT NULL,
     rejoined INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE followed_streams (
     stream_id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     partitions TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE owners (
     partition_key TEXT PRIMARY KEY,
     client_id TEXT NOT NULL
   ) WITHOUT ROWID;`,
];

export class GroupStore {
  constructor(private readonly storage: DurableObjectStorage) {
    applySteps(storage.sql, GROUP_MIGRATIONS);
  }

  load(): GroupSnapshot {
    const sql = this.storage.sql;
    const state = sql.exec<{ generation: number; round: string | null }>("SELECT generation, round FROM group_state").one();
    const members = sql
      .exec<{ client_id: string; streams: string; timeout_ms: number; current: number; rejoined: number }>("SELECT * FROM members")
      .toArray()
      .map((r): MemberSnapshot => ({
        clientId: r.client_id,
        streams: JSON.parse(r.streams),
        timeoutMs: r.timeout_ms,
        current: r.current === 1,
        rejoined: r.rejoined === 1,
      }));
    const streams = sql
      .exec<{ stream_id: string; name: string; partitions: string }>("SELECT * FROM followed_streams")
      .toArray()
      .map((r): StreamPartitions => ({ id: r.stream_id, name: r.name, partitions: JSON.parse(r.partitions) }));
    const owners = sql
      .exec<{ partition_key: string; client_id: string }>("SELECT * FROM owners")
      .toArray()
      .map((r): [string, string] => [r.partition_key, r.client_id]);
    return { generation: state.generation, round: state.round === null ? null : JSON.parse(state.round), members, streams, owners };
  }

  /** Writes the whole group in one transaction (groups are small; changes are rare next to heartbeats). */
  save(group: GroupSnapshot): void {
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
      sql.exec("UPDATE group_state SET generation = ?, round = ?", group.generation, group.round === null ? null : JSON.stringify(group.round));
      sql.exec("DELETE FROM members");
      for (const m of group.members) {
        sql.exec("INSERT INTO members VALUES (?, ?, ?, ?, ?)", m.clientId, JSON.stringify(m.streams), m.timeoutMs, m.current ? 1 : 0, m.rejoined ? 1 : 0);
      }
      sql.exec("DELETE FROM followed_streams");
      for (const s of group.streams) sql.exec("INSERT INTO followed_streams VALUES (?, ?, ?)", s.id, s.name, JSON.stringify(s.partitions));
      sql.exec("DELETE FROM owners");
      for (const [key, clientId] of group.owners) sql.exec("INSERT INTO owners VALUES (?, ?)", key, clientId);
    });
  }
}
