/**
 * The hot window of a partition log: which sealed chunks move from SQLite to R2 segments, and
 * when. A chunk is sealed once it is older than the window's time, or once the chunks newer than
 * it exceed the window's bytes, whichever comes first (README, "Storage layout").
 */

export interface HotWindow {
  /** Chunks older than this stay hot no longer. */
  seconds: number;
  /** The hot chunks' bytes above which the oldest are sealed. */
  bytes: number;
}

/** Time-sealed chunks wait this long past the window, so that a move carries a minute of data, not one chunk. */
export const MOVE_BATCH_MS = 60_000;
/** A move seals chunks until the hot bytes are this fraction of the window (so moves are not one chunk each). */
export const BYTES_AFTER_MOVE = 0.9;
/** Beyond this many times the window's bytes (moves failing), the log refuses records rather than fill its storage. */
export const FULL_FACTOR = 2;
/** At most this many chunk bytes in one segment object. */
export const SEGMENT_MAX_BYTES = 16 * 1024 * 1024;

/** Reads the window from the settings, with defaults and bounds (wrangler.toml `HOT_WINDOW_SECONDS`, `HOT_WINDOW_BYTES`). */
export function hotWindowOf(seconds: string | undefined, bytes: string | undefined): HotWindow {
  const s = Number(seconds);
  const b = Number(bytes);
  return {
    seconds: Number.isFinite(s) && s >= 1 ? s : 3600,
    // At most 4 GiB: twice that, the most a partition holds hot, stays within a Durable Object's 10 GB.
    bytes: Number.isFinite(b) && b >= 1024 ? Math.min(b, 4 * 1024 ** 3) : 1024 ** 3,
  };
}

/** When the next move is due: now when the hot bytes exceed the window, else a minute after the oldest chunk leaves it. */
export function moveDue(oldestTimestamp: number | null, hotBytes: number, window: HotWindow, now: number): number | null {
  if (oldestTimestamp === null) return null;
  if (hotBytes > window.bytes) return now;
  return oldestTimestamp + window.seconds * 1000 + MOVE_BATCH_MS;
}

/**
 * How many of the oldest chunks (given oldest first) the next segment takes: the ones older than
 * the window's time and, when the hot bytes exceed the window, the oldest ones until they are
 * back under BYTES_AFTER_MOVE of it; at most SEGMENT_MAX_BYTES (at least one chunk when any is due).
 */
export function chunksToSeal(oldestFirst: Iterable<{ timestamp: number; size: number }>, hotBytes: number, window: HotWindow, now: number, maxBytes = SEGMENT_MAX_BYTES): number {
  const cutoff = now - window.seconds * 1000;
  const overBytes = hotBytes > window.bytes;
  const target = window.bytes * BYTES_AFTER_MOVE;
  let count = 0;
  let taken = 0;
  let remaining = hotBytes;
  for (const chunk of oldestFirst) {
    const due = chunk.timestamp < cutoff || (overBytes && remaining > target);
    if (!due || (count > 0 && taken + chunk.size > maxBytes)) break;
    count++;
    taken += chunk.size;
    remaining -= chunk.size;
  }
  return count;
}

/** Whether the log is too full to take more records (its moves are failing). */
export function storageFull(hotBytes: number, window: HotWindow): boolean {
  return hotBytes >= window.bytes * FULL_FACTOR;
}
