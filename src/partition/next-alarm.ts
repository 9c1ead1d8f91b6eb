/** When a partition log's alarm should next ring: the earliest of the work it has due. */

export interface DueWork {
  /** The oldest chunk's expiry (null: no chunks). */
  retention: number | null;
  /** The buffered metrics' flush (null: nothing buffered). */
  metricsFlush: number | null;
  /** The oldest stored metric minute's expiry (null: none stored). */
  metricsExpiry: number | null;
}

/** The time the alarm should be set to, or null when nothing is due (the alarm is deleted). */
export function nextAlarm(due: DueWork): number | null {
  let at: number | null = null;
  for (const t of [due.retention, due.metricsFlush, due.metricsExpiry]) if (t !== null && (at === null || t < at)) at = t;
  return at;
}

/** What to do to the alarm, set at `current`, so that it rings at `wanted`: nothing, set it, or delete it. */
export function alarmChange(current: number | null, wanted: number | null): { set: number } | "delete" | null {
  if (wanted === current) return null;
  return wanted === null ? "delete" : { set: wanted };
}
