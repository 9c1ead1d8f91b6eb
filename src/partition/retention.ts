/** Retention planning for a partition log: which chunks have expired, and when to look again. */

export interface ChunkAge {
  firstSequence: number;
  lastTimestamp: number;
}

/**
 * The oldest chunk to keep, reading chunks in sequence order (timestamps never decrease along
 * the log). A chunk expires once its newest record is older than the cutoff. Undefined when
 * every chunk has expired. Stops reading at the first chunk kept.
 */
export function oldestKept(chunks: Iterable<ChunkAge>, cutoff: number): ChunkAge | undefined {
  for (const chunk of chunks) if (chunk.lastTimestamp >= cutoff) return chunk;
  return undefined;
}

/** When the oldest remaining chunk expires, or null when nothing is left. */
export function nextExpiry(oldest: ChunkAge | undefined, retentionMs: number): number | null {
  return oldest ? oldest.lastTimestamp + retentionMs : null;
}
