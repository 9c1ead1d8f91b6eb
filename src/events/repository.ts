/** Events and event subscriptions in D1: the list query, and the subscriptions' rows. */
import { and, count, desc, eq, gt, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { eventSubscriptions, events } from "../db/schema";
import type { z } from "zod";
import type { DisEvent } from "./types";
import type { listEventsQuery } from "./validation";

export type SubscriptionRow = typeof eventSubscriptions.$inferSelect;

function toEvent(row: typeof events.$inferSelect): DisEvent {
  return { ...row, detail: JSON.parse(row.detail) } as DisEvent;
}

/** A page of a project's events, newest first. */
export async function listEvents(db: Db, projectId: string, q: z.infer<typeof listEventsQuery>) {
  const conditions: SQL[] = [eq(events.projectId, projectId)];
  if (q.start_time) conditions.push(gte(events.time, Number(q.start_time)));
  if (q.end_time) conditions.push(lte(events.time, Number(q.end_time)));
  if (q.event_type) conditions.push(eq(events.type, q.event_type));
  if (q.resource_type) conditions.push(eq(events.resourceType, q.resource_type));
  if (q.resource_name) conditions.push(eq(events.resourceName, q.resource_name));
  if (q.level) conditions.push(eq(events.level, q.level));
  const all = and(...conditions);
  const page = q.marker ? and(all, lt(events.id, q.marker)) : all;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(events)
      .where(page)
      .orderBy(desc(events.id))
      .limit(q.limit + 1)
      .offset(q.marker ? 0 : q.offset),
    db.select({ n: count() }).from(events).where(all),
  ]);
  return { events: rows.slice(0, q.limit).map(toEvent), hasMore: rows.length > q.limit, total: total?.n ?? 0 };
}

/** Events of a project after `afterId`, oldest first: what a subscription delivers next. */
export async function eventsAfter(db: Db, projectId: string, afterId: string, limit: number): Promise<DisEvent[]> {
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), gt(events.id, afterId)))
    .orderBy(events.id)
    .limit(limit);
  return rows.map(toEvent);
}

export async function listSubscriptions(db: Db, projectId: string): Promise<SubscriptionRow[]> {
  return db.select().from(eventSubscriptions).where(eq(eventSubscriptions.projectId, projectId)).orderBy(eventSubscriptions.name);
}

export async function findSubscription(db: Db, projectId: string, id: string): Promise<SubscriptionRow | null> {
  const [row] = await db
    .select()
    .from(eventSubscriptions)
    .where(and(eq(eventSubscriptions.projectId, projectId), eq(eventSubscriptions.id, id)));
  return row ?? null;
}

export async function countSubscriptions(db: Db, projectId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(eventSubscriptions).where(eq(eventSubscriptions.projectId, projectId));
  return row?.n ?? 0;
}

export async function insertSubscription(db: Db, row: SubscriptionRow): Promise<void> {
  await db.insert(eventSubscriptions).values(row);
}

/** Writes a subscription's changed row (found by id within its project). */
export async function saveSubscription(db: Db, row: SubscriptionRow): Promise<void> {
  await db
    .update(eventSubscriptions)
    .set(row)
    .where(and(eq(eventSubscriptions.id, row.id), eq(eventSubscriptions.projectId, row.projectId)));
}

export async function deleteSubscription(db: Db, id: string): Promise<void> {
  await db.delete(eventSubscriptions).where(eq(eventSubscriptions.id, id));
}
