/** D1 binds at most 100 parameters per statement: split multi-row inserts to fit. */
export const MAX_BOUND_PARAMETERS = 100;

export function chunkRows<T extends object>(rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / perRow));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

export function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT/.test(text);
}

export function isForeignKeyViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return /FOREIGN KEY constraint failed/.test(text);
}
