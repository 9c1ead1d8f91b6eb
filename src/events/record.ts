/**
 * Recording events where they happen: one D1 row each, then a nudge to the project's event
 * subscriptions, which read what they have not delivered from D1 (so a lost nudge delays a
 * delivery until the cron's, never loses it). Recording never fails the action that caused it.
 */
import { and, eq, gt, lt } from "drizzle-orm";
import { openDb } from "../db/client";
import { eventSubscriptions, events } from "../db/schema";
import type { Env } from "../env";
import { randomId } from "../util/ids";
import { EVENT_TYPES, eventId, quotaCrossing, type DisEvent, type EventType } from "./types";

export const EVENT_RETENTION_MS = 7 * 86_400_000;

export interface EventInput {
  projectId: string;
  type: EventType;
  resourceId: string;
  resourceName: string;
  detail?: Record<string, unknown>;
}

export function subscriptionStub(env: Env, subscriptionId: string) {
  return env.EVENT_SUBSCRIPTIONS.get(env.EVENT_SUBSCRIPTIONS.idFromName(subscriptionId));
}

/** Records the events and nudges the project's subscriptions; errors are logged, not thrown. */
export async function recordEvents(env: Env, inputs: readonly EventInput[], now = Date.now()): Promise<void> {
  if (inputs.length === 0) return;
  try {
    const rows: DisEvent[] = inputs.map((e) => ({
      id: eventId(now, randomId(10)),
      projectId: e.projectId,
      type: e.type,
      level: EVENT_TYPES[e.type].level,
      resourceType: EVENT_TYPES[e.type].resource,
      resourceId: e.resourceId,
      resourceName: e.resourceName,
      time: now,
      detail: e.detail ?? {},
    }));
    const db = openDb(env.DB);
    await db.insert(events).values(rows.map((r) => ({ ...r, detail: JSON.stringify(r.detail) })));
    const projects = [...new Set(rows.map((r) => r.projectId))];
    for (const projectId of projects) {
      const subs = await db
        .select({ id: eventSubscriptions.id })
        .from(eventSubscriptions)
        .where(and(eq(eventSubscriptions.projectId, projectId), eq(eventSubscriptions.enabled, true)));
      await Promise.all(subs.map((s) => subscriptionStub(env, s.id).nudge()));
    }
  } catch (error) {
    console.error("recording events failed", inputs.map((e) => e.type), error);
  }
}

export function recordEvent(env: Env, input: EventInput, now = Date.now()): Promise<void> {
  return recordEvents(env, [input], now);
}

/** A quota event when a change that took `added` crossed 80 % or reached the quota. */
export function quotaEvent(projectId: string, quota: string, used: number, limit: number, added: number, resourceName = quota): EventInput | null {
  const type = quotaCrossing(used, limit, added);
  return type ? { projectId, type, resourceId: projectId, resourceName, detail: { quota, used, limit } } : null;
}

/** Drops events older than the retention (the cron trigger). */
export async function forgetOldEvents(env: Env, now = Date.now()): Promise<void> {
  await openDb(env.DB).delete(events).where(lt(events.time, now - EVENT_RETENTION_MS));
}

/** Wakes every enabled subscription: each delivers what it has not (the cron trigger, in case a nudge was lost). */
export async function nudgeEventSubscriptions(env: Env): Promise<void> {
  const subs = await openDb(env.DB).select({ id: eventSubscriptions.id }).from(eventSubscriptions).where(eq(eventSubscriptions.enabled, true));
  await Promise.all(subs.map((s) => subscriptionStub(env, s.id).nudge()));
}

/** Events of a project after `afterId`, oldest first: what a subscription delivers next. */
export async function eventsAfter(env: Env, projectId: string, afterId: string, limit: number) {
  const rows = await openDb(env.DB)
    .select()
    .from(events)
    .where(and(eq(events.projectId, projectId), gt(events.id, afterId)))
    .orderBy(events.id)
    .limit(limit);
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }) as DisEvent);
}
