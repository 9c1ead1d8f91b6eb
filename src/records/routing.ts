/**
 * Which partition a record goes to (API.md "Records and cursors"): `partition_id` first, then
 * `explicit_hash_key`, then the hash of `partition_key`, else an even spread.
 *
 * The partition-key hash: the first 8 bytes of MD5(UTF-8 key) read as an unsigned big-endian
 * integer, shifted right by one bit, which places it in [0, 2^63-1]. Stable across releases.
 */
import { createHash } from "node:crypto";
import { MAX_HASH } from "../streams/partitions";

export interface RoutablePartition {
  index: number;
  low: bigint;
  high: bigint;
}

export function hashPartitionKey(key: string): bigint {
  const digest = createHash("md5").update(key, "utf8").digest();
  return digest.readBigUInt64BE(0) >> 1n;
}

/** A decimal `explicit_hash_key` in [0, 2^63-1], or null. */
export function parseHashKey(text: string): bigint | null {
  if (!/^\d{1,19}$/.test(text)) return null;
  const value = BigInt(text);
  return value <= MAX_HASH ? value : null;
}

/** The writable partition whose hash range holds `hash` (partitions sorted by `low`). */
export function partitionForHash(partitions: readonly RoutablePartition[], hash: bigint): RoutablePartition {
  let lo = 0;
  let hi = partitions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (partitions[mid]!.low <= hash) lo = mid;
    else hi = mid - 1;
  }
  return partitions[lo]!;
}

export interface RouteRequest {
  partitionIndex?: number;
  explicitHash?: bigint;
  partitionKey?: string;
}

/**
 * Chooses partition indexes for a batch. Records with no routing information go round-robin
 * from a random start, so one request spreads evenly over the writable partitions.
 */
export function routeBatch(
  records: readonly RouteRequest[],
  writable: readonly RoutablePartition[],
  random: () => number = Math.random,
): number[] {
  let next = Math.floor(random() * writable.length);
  return records.map((r) => {
    if (r.partitionIndex !== undefined) return r.partitionIndex;
    if (r.explicitHash !== undefined) return partitionForHash(writable, r.explicitHash).index;
    if (r.partitionKey !== undefined) return partitionForHash(writable, hashPartitionKey(r.partitionKey)).index;
    const chosen = writable[next % writable.length]!.index;
    next += 1;
    return chosen;
  });
}
