/** The event types (README "Events"), each with its level and the kind of resource it is about. */

export const EVENT_LEVELS = ["info", "warning", "critical"] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

export const RESOURCE_TYPES = ["stream", "app", "transfer_task", "project"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const EVENT_TYPES = {
  STREAM_CREATED: { level: "info", resource: "stream" },
  STREAM_UPDATED: { level: "info", resource: "stream" },
  STREAM_DELETED: { level: "warning", resource: "stream" },
  PARTITIONS_SCALED: { level: "info", resource: "stream" },
  PARTITION_THROTTLED: { level: "warning", resource: "stream" },
  STREAM_POLICY_CHANGED: { level: "info", resource: "stream" },
  TRANSFER_TASK_CREATED: { level: "info", resource: "transfer_task" },
  TRANSFER_TASK_STARTED: { level: "info", resource: "transfer_task" },
  TRANSFER_TASK_STOPPED: { level: "warning", resource: "transfer_task" },
  TRANSFER_TASK_DELETED: { level: "info", resource: "transfer_task" },
  TRANSFER_TASK_ABNORMAL: { level: "critical", resource: "transfer_task" },
  TRANSFER_TASK_RECOVERED: { level: "info", resource: "transfer_task" },
  APP_CREATED: { level: "info", resource: "app" },
  APP_DELETED: { level: "info", resource: "app" },
  QUOTA_ABOVE_80_PERCENT: { level: "warning", resource: "project" },
  QUOTA_REACHED: { level: "critical", resource: "project" },
} as const satisfies Record<string, { level: EventLevel; resource: ResourceType }>;

export type EventType = keyof typeof EVENT_TYPES;

/** An event as the service records it. */
export interface DisEvent {
  id: string;
  projectId: string;
  type: EventType;
  level: EventLevel;
  resourceType: ResourceType;
  resourceId: string;
  resourceName: string;
  time: number;
  detail: Record<string, unknown>;
}

/** An event as answers and webhooks show it. */
export function eventJson(e: DisEvent) {
  return {
    event_id: e.id,
    event_type: e.type,
    level: e.level,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    resource_name: e.resourceName,
    time: e.time,
    detail: e.detail,
  };
}

/** An event's id: the time, zero-padded to sort as text, then random characters. */
export function eventId(time: number, random: string): string {
  return `${String(time).padStart(15, "0")}-${random}`;
}

/**
 * The quota events a change brings: QUOTA_REACHED when it makes `used` reach the quota, QUOTA_ABOVE_80_PERCENT
 * when it crosses 80 % without reaching it. `added` is how much the change took.
 */
export function quotaCrossing(used: number, quota: number, added: number): "QUOTA_REACHED" | "QUOTA_ABOVE_80_PERCENT" | null {
  if (quota <= 0 || added <= 0) return null;
  const before = used - added;
  if (used >= quota && before < quota) return "QUOTA_REACHED";
  if (used >= 0.8 * quota && before < 0.8 * quota && used < quota) return "QUOTA_ABOVE_80_PERCENT";
  return null;
}
