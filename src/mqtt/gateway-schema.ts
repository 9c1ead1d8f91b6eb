/**
 * A device gateway's SQLite schema, as an append-only list of steps applied on wake.
 * Never edit a released step; add a new one.
 */
import { applySteps } from "../util/sql-steps";

export const GATEWAY_MIGRATIONS: readonly string[] = [
  // 1: the MQTT 5 topic aliases each connection set, kept so that a gateway woken from hibernation
  //    still knows them. A connection's rows go when it closes.
  `CREATE TABLE topic_aliases (
     connection TEXT NOT NULL,
     alias INTEGER NOT NULL,
     topic TEXT NOT NULL,
     PRIMARY KEY (connection, alias)
   );`,
  // 2: each connection's will (MQTT §3.1.2.5), put as a record when the connection ends without
  //    a normal DISCONNECT. A connection's row goes when it ends.
  `CREATE TABLE wills (
     connection TEXT PRIMARY KEY,
     topic TEXT NOT NULL,
     payload BLOB NOT NULL
   );`,
];

export function migrate(sql: SqlStorage): void {
  applySteps(sql, GATEWAY_MIGRATIONS);
}
