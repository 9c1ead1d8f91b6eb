/** Stream tags in D1 (the same tags create stream sets). */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { streams, streamTags } from "../db/schema";

export type Tag = { key: string; value: string };

export async function findProjectStream(db: Db, projectId: string, streamId: string) {
  const [row] = await db
    .select({ id: streams.id, name: streams.name })
    .from(streams)
    .where(and(eq(streams.projectId, projectId), eq(streams.id, streamId)));
  return row ?? null;
}

export async function tagsOfStream(db: Db, streamId: string): Promise<Tag[]> {
  return db.select({ key: streamTags.key, value: streamTags.value }).from(streamTags).where(eq(streamTags.streamId, streamId)).orderBy(asc(streamTags.key));
}

/** Sets tags (a key that exists gets the new value). */
export async function upsertTags(db: Db, streamId: string, tags: Tag[]): Promise<void> {
  if (tags.length === 0) return;
  await db
    .insert(streamTags)
    .values(tags.map((t) => ({ streamId, key: t.key, value: t.value })))
    .onConflictDoUpdate({ target: [streamTags.streamId, streamTags.key], set: { value: sql`excluded.value` } });
}

/** Deletes tags by key; returns how many existed. Keys go in slices that fit D1's 100 bound parameters. */
export async function deleteTags(db: Db, streamId: string, keys: string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < keys.length; i += 90) {
    const slice = keys.slice(i, i + 90);
    const rows = await db
      .delete(streamTags)
      .where(and(eq(streamTags.streamId, streamId), inArray(streamTags.key, slice)))
      .returning();
    deleted += rows.length;
  }
  return deleted;
}

/** Every stream of the project with its tags. */
export async function taggedStreams(db: Db, projectId: string) {
  const rows = await db
    .select({ id: streams.id, name: streams.name, key: streamTags.key, value: streamTags.value })
    .from(streams)
    .leftJoin(streamTags, eq(streamTags.streamId, streams.id))
    .where(eq(streams.projectId, projectId))
    .orderBy(asc(streams.name), asc(streamTags.key));
  const byId = new Map<string, { id: string; name: string; tags: Tag[] }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { id: row.id, name: row.name, tags: [] };
    if (row.key !== null && row.value !== null) entry.tags.push({ key: row.key, value: row.value });
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}
