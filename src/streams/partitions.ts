/**
 * Partition identity and hash ranges. Partition ids are `shardId-` + a 10-digit index;
 * every parameter that takes one also takes the bare index. ACTIVE partitions' hash ranges
 * tile [0, 2^63-1]: partition i of n covers (i·MAX/n, (i+1)·MAX/n], the first starting at 0
 * and the last ending at MAX.
 */

export const MAX_HASH = (1n << 63n) - 1n;

export function partitionId(index: number): string {
  return `shardId-${String(index).padStart(10, "0")}`;
}

/** The index named by `shardId-0000000003` or `3`; null for anything else. */
export function parsePartitionId(text: string): number | null {
  const m = /^(?:shardId-)?(\d{1,10})$/.exec(text.trim());
  if (!m) return null;
  const index = Number(m[1]);
  return Number.isSafeInteger(index) ? index : null;
}

export interface HashRange {
  low: bigint;
  high: bigint;
}

/** The hash range of partition `index` when `count` partitions tile the key space. */
export function hashRangeOf(index: number, count: number): HashRange {
  const n = BigInt(count);
  const i = BigInt(index);
  const low = index === 0 ? 0n : (i * MAX_HASH) / n + 1n;
  const high = index === count - 1 ? MAX_HASH : ((i + 1n) * MAX_HASH) / n;
  return { low, high };
}

export function formatHashRange(range: { low: bigint | string; high: bigint | string }): string {
  return `[${range.low} : ${range.high}]`;
}

export function formatSequenceRange(earliest: number, latest: number): string {
  return `[${earliest} : ${latest}]`;
}

/**
 * A partition's status as clients see it: a DELETED partition (read-only since a scale-in) becomes
 * EXPIRED once the stream's retention has passed since then, as all its records have expired.
 */
export function effectiveStatus(p: { status: string; deletedAt: number | null }, retentionMs: number, now = Date.now()): string {
  if (p.status === "DELETED" && p.deletedAt !== null && now >= p.deletedAt + retentionMs) return "EXPIRED";
  return p.status;
}
