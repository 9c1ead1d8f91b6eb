/**
 * Sharing a group's partitions among its members: every partition to exactly one member that
 * follows its stream, balanced (among members following the same streams, counts differ by at
 * most one) and sticky (a partition stays with its previous owner unless balance needs it moved).
 */

/** A partition of a followed stream, as `<stream id>/<index>`. */
export type PartitionKey = string;

export function partitionKey(streamId: string, index: number): PartitionKey {
  return `${streamId}/${index}`;
}

export function parsePartitionKey(key: PartitionKey): { streamId: string; index: number } {
  const slash = key.lastIndexOf("/");
  return { streamId: key.slice(0, slash), index: Number(key.slice(slash + 1)) };
}

export interface AssignmentInput {
  /** Each member with the stream ids it follows. */
  members: ReadonlyMap<string, ReadonlySet<string>>;
  /** The partitions to share, in their order (by stream, then index). */
  partitions: readonly PartitionKey[];
  /** Who owned each partition in the previous generation. */
  previous: ReadonlyMap<PartitionKey, string>;
}

/** Owner of each partition; partitions of streams no member follows are left out. */
export function assign({ members, partitions, previous }: AssignmentInput): Map<PartitionKey, string> {
  const ids = [...members.keys()].sort();
  const owned = new Map<string, PartitionKey[]>(ids.map((id) => [id, []]));
  const eligible = (p: PartitionKey) => ids.filter((id) => members.get(id)!.has(parsePartitionKey(p).streamId));
  const owner = new Map<PartitionKey, string>();
  const give = (p: PartitionKey, id: string) => {
    owner.set(p, id);
    owned.get(id)!.push(p);
  };

  // Sticky first: a partition stays where it was when its owner still follows the stream.
  const unplaced: PartitionKey[] = [];
  for (const p of partitions) {
    const before = previous.get(p);
    if (before !== undefined && members.get(before)?.has(parsePartitionKey(p).streamId)) give(p, before);
    else unplaced.push(p);
  }
  // New and orphaned partitions go to the least loaded eligible member.
  for (const p of unplaced) {
    const candidates = eligible(p);
    if (candidates.length === 0) continue;
    give(p, leastLoaded(candidates, owned));
  }
  // Then level: move a partition from a member to an eligible one holding two or more fewer,
  // until no such move exists. Each move lowers the sum of squared counts, so this ends.
  for (let moved = true; moved; ) {
    moved = false;
    for (const from of [...ids].sort((a, b) => owned.get(b)!.length - owned.get(a)!.length || (a < b ? -1 : 1))) {
      const mine = owned.get(from)!;
      for (let i = mine.length - 1; i >= 0; i--) {
        const p = mine[i]!;
        const to = leastLoaded(eligible(p), owned);
        if (owned.get(to)!.length + 1 >= mine.length) continue;
        mine.splice(i, 1);
        give(p, to);
        moved = true;
        break;
      }
      if (moved) break;
    }
  }
  return owner;
}

function leastLoaded(candidates: readonly string[], owned: ReadonlyMap<string, readonly PartitionKey[]>): string {
  let best = candidates[0]!;
  for (const id of candidates) if (owned.get(id)!.length < owned.get(best)!.length) best = id;
  return best;
}
