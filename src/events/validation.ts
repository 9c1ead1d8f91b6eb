/** The events and event subscription requests (README "Events", "Event subscriptions"), written once. */
import { z } from "zod";
import { intParam } from "../http/query-params";
import { EVENT_LEVELS, EVENT_TYPES, RESOURCE_TYPES } from "./types";

export const EVENT_SUBSCRIPTION_QUOTA = 20;

const eventType = z.enum(Object.keys(EVENT_TYPES) as [string, ...string[]], { error: `must be one of ${Object.keys(EVENT_TYPES).join(", ")}` });
const epochMs = z.string().regex(/^\d{1,15}$/, "must be epoch milliseconds");

export const listEventsQuery = z.object({
  limit: intParam(1, 100, 20),
  /** The last event id of the previous page: the next page holds older events. */
  marker: z.string().optional(),
  offset: intParam(0, 100_000, 0),
  start_time: epochMs.optional(),
  end_time: epochMs.optional(),
  event_type: eventType.optional(),
  resource_type: z.enum(RESOURCE_TYPES).optional(),
  resource_name: z.string().min(1).optional(),
  level: z.enum(EVENT_LEVELS).optional(),
});

function isAllowedWebhook(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

const fields = {
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'"),
  event_types: z.array(z.union([eventType, z.literal("*")])).min(1, "must name at least one event type (or *)").max(50),
  levels: z.array(z.enum(EVENT_LEVELS)).min(1).max(3),
  resource_type: z.enum(RESOURCE_TYPES).nullable(),
  resource_names: z.array(z.string().min(1).max(200)).min(1).max(100).nullable(),
  webhook_url: z
    .string()
    .max(1024)
    .refine(isAllowedWebhook, "must be an https URL (http only for 127.0.0.1, localhost or [::1])"),
  enabled: z.boolean(),
};

export const createSubscriptionBody = z.object({
  name: fields.name,
  event_types: fields.event_types,
  levels: fields.levels.optional(),
  resource_type: fields.resource_type.optional(),
  resource_names: fields.resource_names.optional(),
  webhook_url: fields.webhook_url,
});

export const updateSubscriptionBody = z
  .object({
    name: fields.name.optional(),
    event_types: fields.event_types.optional(),
    levels: fields.levels.optional(),
    resource_type: fields.resource_type.optional(),
    resource_names: fields.resource_names.optional(),
    webhook_url: fields.webhook_url.optional(),
    enabled: fields.enabled.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "must change at least one field");
