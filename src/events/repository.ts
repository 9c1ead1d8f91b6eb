/** Events and event subscriptions in D1: the list query, and the subscriptions' rows. */
import { and, count, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { eventSubscriptions, events } from "../db/schema";
import type { z } from "zod";
import type { listEventsQuery } from "./validation";

export type SubscriptionRow = typeof eventSubscriptions.$inferSelect;

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
  return { events: rows.slice(0, q.limit), hasMore: rows.length > q.limit, total: total?.n ?? 0 };
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
