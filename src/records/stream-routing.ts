/**
 * What the data plane needs to know of a stream, cached in the isolate so that puts and
 * cursors do not query D1 in steady state. A stale entry can never write where it must not:
 * the partition log of a deleted stream refuses writes, and the caller then drops the entry.
 */
import { and, eq } from "drizzle-orm";
import { openDb } from "../db/client";
import { streams } from "../db/schema";
import type { Env } from "../env";
import type { StreamBinding, StreamType } from "../partition/log-contract";
import { TtlCache } from "../util/ttl-cache";
import { effectiveStatus } from "../streams/partitions";
import { allPartitions } from "../streams/repository";
import { retentionMsOf } from "../streams/service";
import type { RoutablePartition } from "./routing";
import { recordCheckFor, type RecordCheck } from "./data-types/record-check";

const ROUTING_TTL_MS = 10_000;

export interface StreamRouting {
  id: string;
  name: string;
  projectId: string;
  streamType: StreamType;
  binding: StreamBinding;
  /** Every partition of the stream by index, with its status. */
  statuses: Map<number, string>;
  /** ACTIVE partitions, sorted by hash range. */
  writable: RoutablePartition[];
  /** Whether a record's data fits the stream's data_type, data_schema and compression_format; null: any data fits. */
  check: RecordCheck | null;
}

const cache = new TtlCache<StreamRouting>(ROUTING_TTL_MS);

/** Loads a stream's routing; without a project, finds the stream by id in any project. */
async function load(env: Env, projectId: string | null, by: { name: string } | { id: string }): Promise<StreamRouting | null> {
  const db = openDb(env.DB);
  const match = "name" in by ? eq(streams.name, by.name) : eq(streams.id, by.id);
  const [stream] = await db.select().from(streams).where(projectId === null ? match : and(eq(streams.projectId, projectId), match));
  if (!stream) return null;
  const rows = await allPartitions(db, stream.id);
  const writable = rows
    .filter((p) => p.status === "ACTIVE")
    .map((p) => ({ index: p.index, low: BigInt(p.hashLow), high: BigInt(p.hashHigh) }))
    .sort((a, b) => (a.low < b.low ? -1 : 1));
  return {
    id: stream.id,
    name: stream.name,
    projectId: stream.projectId,
    streamType: stream.streamType,
    binding: { streamType: stream.streamType, retentionMs: retentionMsOf(stream), routingEpoch: stream.routingEpoch },
    statuses: new Map(rows.map((p) => [p.index, effectiveStatus(p, retentionMsOf(stream))])),
    writable,
    check: recordCheckFor(stream.id, stream),
  };
}

/** The stream named `name` (or, failing that, with id `id`) in the project; null when neither exists. */
export async function findRouting(env: Env, projectId: string, name: string | undefined, id?: string): Promise<StreamRouting | null> {
  for (const by of [name !== undefined ? { name } : null, id !== undefined ? { id } : null]) {
    if (!by) continue;
    const key = `${projectId}\u0000${"name" in by ? `n:${by.name}` : `i:${by.id}`}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const loaded = await load(env, projectId, by);
    if (loaded) {
      cache.set(key, loaded);
      return loaded;
    }
  }
  return null;
}

/** The stream with id `id` in whichever project owns it (streams shared through stream policies). */
export async function findRoutingAnywhere(env: Env, id: string): Promise<StreamRouting | null> {
  const key = `\u0000any\u0000${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const loaded = await load(env, null, { id });
  if (loaded) cache.set(key, loaded);
  return loaded;
}

/** The routing, freshly loaded when it lacks partition `index` (a scale-out that another isolate served). */
export async function withPartition(env: Env, stream: StreamRouting, index: number): Promise<StreamRouting> {
  if (stream.statuses.has(index)) return stream;
  forgetRouting(stream.projectId, stream.name, stream.id);
  return (await findRoutingAnywhere(env, stream.id)) ?? stream;
}

/** Drops what this isolate cached of a stream (it was changed, deleted, or found stale). */
export function forgetRouting(projectId: string, name: string, id: string): void {
  cache.delete(`${projectId}\u0000n:${name}`);
  cache.delete(`${projectId}\u0000i:${id}`);
  cache.delete(`\u0000any\u0000${id}`);
}
