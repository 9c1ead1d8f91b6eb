/**
 * Events and event subscriptions (README "Events", "Event subscriptions"): `/v1/{project_id}/events`
 * and `/v1/{project_id}/event-subs`.
 */
import { Hono, type Context } from "hono";
import { encryptSecretKey } from "../auth/secrets";
import { authorize } from "../auth/authorize";
import { toHex } from "../auth/crypto";
import { isUniqueViolation } from "../db/batch";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import type { SubscriptionConfig } from "../events/event-subscription";
import { subscriptionStub } from "../events/record";
import {
  countSubscriptions,
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listEvents,
  listSubscriptions,
  saveSubscription,
  type SubscriptionRow,
} from "../events/repository";
import { eventId, eventJson } from "../events/types";
import { createSubscriptionBody, EVENT_SUBSCRIPTION_QUOTA, listEventsQuery, updateSubscriptionBody } from "../events/validation";
import { queryOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { randomId } from "../util/ids";
import type { Env } from "../env";

export const eventRoutes = new Hono<AppEnv>();

eventRoutes.get("/", authorize("dis:events:list"), async (c) => {
  const query = validate(listEventsQuery, queryOf(c));
  const page = await listEvents(openDb(c.env.DB), c.get("caller").projectId, query);
  return c.json({
    total_number: page.total,
    events: page.events.map(eventJson),
    ...(page.hasMore ? { next_marker: page.events.at(-1)!.id } : {}),
  });
});

export const subscriptionRoutes = new Hono<AppEnv>();

function configOf(row: SubscriptionRow): SubscriptionConfig {
  return {
    id: row.id,
    projectId: row.projectId,
    webhookUrl: row.webhookUrl,
    secret: row.secret,
    enabled: row.enabled,
    eventTypes: JSON.parse(row.eventTypes),
    levels: JSON.parse(row.levels),
    resourceType: row.resourceType,
    resourceNames: row.resourceNames === null ? null : JSON.parse(row.resourceNames),
  };
}

async function present(env: Env, row: SubscriptionRow) {
  const delivery = await subscriptionStub(env, row.id).deliveryState();
  const paused = delivery?.pausedReason ?? null;
  const config = configOf(row);
  return {
    sub_id: row.id,
    name: row.name,
    event_types: config.eventTypes,
    levels: config.levels,
    resource_type: config.resourceType,
    resource_names: config.resourceNames,
    webhook_url: row.webhookUrl,
    enabled: row.enabled,
    state: !row.enabled ? "DISABLED" : paused ? "PAUSED" : "ACTIVE",
    create_time: row.createTime,
    update_time: row.updateTime,
    delivery: {
      last_success_time: delivery?.lastSuccessTime ?? null,
      consecutive_failures: delivery?.consecutiveFailures ?? 0,
      last_error: delivery?.lastError ?? null,
      paused_reason: paused,
    },
  };
}

async function pathSubscription(c: Context<AppEnv>): Promise<SubscriptionRow> {
  const id = c.req.param("sub_id") ?? "";
  const row = await findSubscription(openDb(c.env.DB), c.get("caller").projectId, id);
  if (!row) throw disError("DIS.4390", id);
  return row;
}

subscriptionRoutes.post("/", authorize("dis:eventEnumSubs:create"), async (c) => {
  const body = validate(createSubscriptionBody, await readJson(c));
  const db = openDb(c.env.DB);
  const projectId = c.get("caller").projectId;
  if ((await countSubscriptions(db, projectId)) >= EVENT_SUBSCRIPTION_QUOTA) throw disError("DIS.4391", `At most ${EVENT_SUBSCRIPTION_QUOTA} event subscriptions per project.`);
  const secret = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const now = Date.now();
  const row: SubscriptionRow = {
    id: randomId(20),
    projectId,
    name: body.name,
    eventTypes: JSON.stringify(body.event_types),
    levels: JSON.stringify(body.levels ?? ["info", "warning", "critical"]),
    resourceType: body.resource_type ?? null,
    resourceNames: body.resource_names ? JSON.stringify(body.resource_names) : null,
    webhookUrl: body.webhook_url,
    secret: await encryptSecretKey(secret, c.env.CREDENTIAL_ENCRYPTION_KEY),
    enabled: true,
    createTime: now,
    updateTime: now,
  };
  try {
    await insertSubscription(db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw disError("DIS.4392", body.name);
    throw error;
  }
  // Events from its creation on: the cursor sits just before this millisecond's.
  await subscriptionStub(c.env, row.id).configure(configOf(row), eventId(now, ""));
  return c.json({ ...(await present(c.env, row)), secret }, 201);
});

subscriptionRoutes.get("/", authorize("dis:eventEnumSubs:list"), async (c) => {
  const rows = await listSubscriptions(openDb(c.env.DB), c.get("caller").projectId);
  return c.json({ total_number: rows.length, event_subs: await Promise.all(rows.map((r) => present(c.env, r))) });
});

subscriptionRoutes.get("/:sub_id", authorize("dis:eventEnumSubs:list"), async (c) => c.json(await present(c.env, await pathSubscription(c))));

subscriptionRoutes.put("/:sub_id", authorize("dis:eventEnumSubs:update"), async (c) => {
  const body = validate(updateSubscriptionBody, await readJson(c));
  const row = await pathSubscription(c);
  const changed: SubscriptionRow = {
    ...row,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.event_types !== undefined ? { eventTypes: JSON.stringify(body.event_types) } : {}),
    ...(body.levels !== undefined ? { levels: JSON.stringify(body.levels) } : {}),
    ...(body.resource_type !== undefined ? { resourceType: body.resource_type } : {}),
    ...(body.resource_names !== undefined ? { resourceNames: body.resource_names === null ? null : JSON.stringify(body.resource_names) } : {}),
    ...(body.webhook_url !== undefined ? { webhookUrl: body.webhook_url } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
    updateTime: Date.now(),
  };
  try {
    await saveSubscription(openDb(c.env.DB), changed);
  } catch (error) {
    if (isUniqueViolation(error)) throw disError("DIS.4392", changed.name);
    throw error;
  }
  // An update resumes a paused subscription from the event that kept failing.
  await subscriptionStub(c.env, row.id).configure(configOf(changed), eventId(row.createTime, ""));
  return c.json(await present(c.env, changed));
});

subscriptionRoutes.delete("/:sub_id", authorize("dis:eventEnumSubs:delete"), async (c) => {
  const row = await pathSubscription(c);
  await deleteSubscription(openDb(c.env.DB), row.id);
  await subscriptionStub(c.env, row.id).destroy();
  return c.body(null, 204);
});
