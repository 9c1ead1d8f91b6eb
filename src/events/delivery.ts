/**
 * How an event subscription delivers (README "Event subscriptions"): which events it wants, the
 * signed webhook request, and the retry rule. Pure.
 */
import { hmacSha256Hex } from "../auth/crypto";
import { eventJson, type DisEvent } from "./types";

export interface SubscriptionFilter {
  /** Event types wanted, or `["*"]` for all. */
  eventTypes: readonly string[];
  levels: readonly string[];
  resourceType: string | null;
  resourceNames: readonly string[] | null;
}

export function wants(filter: SubscriptionFilter, event: DisEvent): boolean {
  if (!filter.eventTypes.includes("*") && !filter.eventTypes.includes(event.type)) return false;
  if (!filter.levels.includes(event.level)) return false;
  if (filter.resourceType !== null && filter.resourceType !== event.resourceType) return false;
  if (filter.resourceNames !== null && !filter.resourceNames.includes(event.resourceName)) return false;
  return true;
}

export const SIGNATURE_HEADER = "x-dis-signature";
export const TIMESTAMP_HEADER = "x-dis-timestamp";

/** The body a webhook receives. */
export function webhookBody(event: DisEvent, subscriptionId: string): string {
  return JSON.stringify({ ...eventJson(event), project_id: event.projectId, subscription_id: subscriptionId });
}

/** `sha256=` and the hex HMAC-SHA256, keyed by the subscription's secret, of `<timestamp>.<body>` (timestamp in epoch seconds). */
export async function signature(secret: string, timestamp: number, body: string): Promise<string> {
  return `sha256=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
}

export interface RetryPolicy {
  /** The first retry's delay; each next one doubles, up to an hour. */
  baseMs: number;
  /** Consecutive failures after which the subscription pauses. */
  maxFailures: number;
  /** How long an event may keep failing before the subscription pauses. */
  maxAgeMs: number;
}

export const MAX_RETRY_DELAY_MS = 3_600_000;

export type AfterFailure = { retryAt: number } | { pause: string };

/** After the `failures`-th consecutive failure (the first at `firstFailedAt`): when to try again, or why to pause. */
export function afterFailure(failures: number, firstFailedAt: number, now: number, policy: RetryPolicy): AfterFailure {
  if (failures >= policy.maxFailures) return { pause: `${failures} deliveries in a row failed` };
  if (now - firstFailedAt >= policy.maxAgeMs) return { pause: `deliveries have failed since ${new Date(firstFailedAt).toISOString()}` };
  return { retryAt: now + Math.min(MAX_RETRY_DELAY_MS, policy.baseMs * 2 ** (failures - 1)) };
}
