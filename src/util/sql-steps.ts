/**
 * Durable Object SQLite schemas as append-only lists of steps, applied on wake and tracked in
 * `schema_version`. Never edit a released step; add a new one.
 */
export function applySteps(sql: SqlStorage, steps: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = sql.exec<{ version: number }>("SELECT version FROM schema_version").toArray()[0];
  const applied = row?.version ?? 0;
  if (applied >= steps.length) return;
  for (let step = applied; step < steps.length; step++) sql.exec(steps[step]!);
  if (row) sql.exec("UPDATE schema_version SET version = ?", steps.length);
  else sql.exec("INSERT INTO schema_version (version) VALUES (?)", steps.length);
}
