/**
 * Changing a stream's partition count (reference §5.1.5), as pure planning.
 *
 * Scaling out keeps every ACTIVE partition and adds new ones with fresh indexes; scaling in turns
 * the highest-numbered ACTIVE partitions DELETED. Either way the ACTIVE partitions, in index order,
 * then take the even slices of [0, 2^63-1] (hashRangeOf), so they always tile it; a new partition
 * names as parents the old ACTIVE partitions whose ranges overlapped its own.
 */
import { hashRangeOf, partitionId } from "./partitions";

export interface PartitionState {
  index: number;
  status: string;
  low: bigint;
  high: bigint;
}

export interface PlannedPartition {
  index: number;
  low: bigint;
  high: bigint;
  /** Set for partitions the plan creates. */
  parents?: string;
}

export interface ScalePlan {
  /** The ACTIVE partitions afterwards, with their new ranges (existing and new). */
  active: PlannedPartition[];
  /** Partitions that turn DELETED. */
  deleted: number[];
}

export function planScale(partitions: readonly PartitionState[], target: number): ScalePlan {
  const active = partitions.filter((p) => p.status === "ACTIVE").sort((a, b) => a.index - b.index);
  const nextIndex = partitions.reduce((max, p) => Math.max(max, p.index + 1), 0);
  let kept: { index: number; isNew: boolean }[];
  let deleted: number[] = [];
  if (target >= active.length) {
    kept = [
      ...active.map((p) => ({ index: p.index, isNew: false })),
      ...Array.from({ length: target - active.length }, (_, i) => ({ index: nextIndex + i, isNew: true })),
    ];
  } else {
    kept = active.slice(0, target).map((p) => ({ index: p.index, isNew: false }));
    deleted = active.slice(target).map((p) => p.index);
  }
  return {
    active: kept.map((k, position) => {
      const range = hashRangeOf(position, target);
      const planned: PlannedPartition = { index: k.index, ...range };
      if (k.isNew) {
        const parents = active.filter((p) => p.low <= range.high && range.low <= p.high).map((p) => partitionId(p.index));
        if (parents.length > 0) planned.parents = parents.join(",");
      }
      return planned;
    }),
    deleted,
  };
}

/** The ACTIVE partitions that took a read-only partition's keys: those whose hash ranges overlap its own. */
export function childrenOf(partition: { low: bigint; high: bigint }, all: readonly { index: number; active: boolean; low: bigint; high: bigint }[]): string[] {
  return all.filter((p) => p.active && p.low <= partition.high && partition.low <= p.high).map((p) => partitionId(p.index));
}

export interface ScalingRecord {
  createTimestamp: number;
  resultCode: number;
}

export const MAX_SCALINGS_PER_HOUR = 5;
const HOUR_MS = 3600_000;

/** Why a scaling may not happen now (reference §5.1.5), or null when it may. */
export function scalingRefusal(history: readonly ScalingRecord[], now: number): string | null {
  const lastHour = history.filter((h) => h.createTimestamp > now - HOUR_MS);
  if (lastHour.some((h) => h.resultCode === 0)) return "The partition count changed within the last hour; try again later.";
  if (lastHour.length >= MAX_SCALINGS_PER_HOUR) return `At most ${MAX_SCALINGS_PER_HOUR} partition count changes per stream per hour.`;
  return null;
}
