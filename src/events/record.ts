/**
 * Recording events where they happen: one D1 row each, then a nudge to the project's event
 * subscriptions, which read what they have not delivered from D1 (so a lost nudge delays a
 * delivery until the cron's, never loses it). Recording never fails the action that caused it.
 */
import { and, eq, lt } from "drizzle-orm";
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
    await openDb(env.DB)
      .insert(events)
      .values(rows.map((r) => ({ ...r, detail: JSON.stringify(r.detail) })));
    for (const projectId of new Set(rows.map((r) => r.projectId))) await nudgeEventSubscriptions(env, projectId);
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

/**
 * Wakes the enabled subscriptions of a project (after its events were recorded), or of every
 * project (the cron trigger, in case a nudge was lost): each delivers what it has not yet.
 */
export async function nudgeEventSubscriptions(env: Env, projectId?: string): Promise<void> {
  const enabled = eq(eventSubscriptions.enabled, true);
  const subs = await openDb(env.DB)
    .select({ id: eventSubscriptions.id })
    .from(eventSubscriptions)
    .where(projectId === undefined ? enabled : and(enabled, eq(eventSubscriptions.projectId, projectId)));
  await Promise.all(subs.map((s) => subscriptionStub(env, s.id).nudge()));
}
