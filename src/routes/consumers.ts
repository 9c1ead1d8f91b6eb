/**
 * Consumer groups (README "Consumer groups"): the coordinator protocol of the DIS Kafka adapter
 * under `/apps/{app_name}/consumers`: join, sync, heartbeat, leave; and a describe of the group.
 * The protocol's outcomes (GROUP_NOT_EXIST, ERR_SUBSCRIPTION, REJOIN, WAITING …) are states in a
 * 200 answer, as the adapter reads them; malformed requests and refusals are DIS errors.
 */
import { Hono, type Context } from "hono";
import { findApp, findAppCached, type AppRow } from "../apps/repository";
import { authorize } from "../auth/authorize";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { bodyOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { followedStreams } from "../groups/interest";
import { groupStub, noteFollowed } from "../groups/repository";
import { clientId, generationBody, joinBody, REBALANCE_TIMEOUT_MS } from "../groups/validation";

export const consumerRoutes = new Hono<AppEnv>();

const GROUP_NOT_EXIST = { state: "GROUP_NOT_EXIST" } as const;

/** The path's app, from the isolate's cache (heartbeats come every few seconds per member). */
async function pathApp(c: Context<AppEnv>): Promise<AppRow | null> {
  return findAppCached(openDb(c.env.DB), c.get("caller").projectId, c.req.param("app_name") ?? "");
}

function pathClient(c: Context<AppEnv>): string {
  return validate(clientId, c.req.param("client_id"), "client_id");
}

/** The body's generation; sync and heartbeat bodies may be empty. */
async function generationOf(c: Context<AppEnv>): Promise<number> {
  const empty = (await bodyOf(c)).byteLength === 0;
  return validate(generationBody, empty ? {} : await readJson(c)).generation ?? -1;
}

consumerRoutes.post("/", authorize("dis:records:read"), async (c) => {
  const body = validate(joinBody, await readJson(c));
  const db = openDb(c.env.DB);
  const caller = c.get("caller");
  // Not from the cache: a member of a just deleted app must not join its old incarnation's group.
  const app = await findApp(db, caller.projectId, c.req.param("app_name") ?? "");
  if (!app) return c.json(GROUP_NOT_EXIST);
  const interest = { names: body.interestedStream ?? [], ids: body.interestedStreamIdList ?? [], pattern: body.streamPattern ?? null };
  const streams = await followedStreams(c.env, caller, app.id, interest);
  if (streams === null) return c.json({ state: "ERR_SUBSCRIPTION" });
  await noteFollowed(db, app.id, streams.map((s) => s.id));
  const answer = await groupStub(c.env, app.id).join({
    clientId: body.clientId,
    streams,
    timeoutMs: body.rebalanceTimeoutMs ?? REBALANCE_TIMEOUT_MS.fallback,
    accelerate: body.accelerateAssignEnabled ?? false,
  });
  if (answer.state === "ERR_CONSUMER_QUOTA") throw disError("DIS.4339", `The group of app ${app.name} is full.`);
  return c.json(answer);
});

consumerRoutes.get("/", authorize("dis:apps:get"), async (c) => {
  const app = await pathApp(c);
  if (!app) throw disError("DIS.4332", c.req.param("app_name"));
  const group = await groupStub(c.env, app.id).describe();
  return c.json({
    app_name: app.name,
    generation: group.generation,
    state: group.rebalancing ? "JOINING" : "STABLE",
    consumers: group.members.map((m) => ({
      client_id: m.clientId,
      in_generation: m.current,
      last_heartbeat_time: m.lastSeen,
      rebalance_timeout_ms: m.timeoutMs,
      assignment: m.assignment,
    })),
  });
});

consumerRoutes.post("/:client_id/partitions", authorize("dis:records:read"), async (c) => {
  const member = pathClient(c);
  await generationOf(c);
  const app = await pathApp(c);
  if (!app) return c.json(GROUP_NOT_EXIST);
  return c.json(await groupStub(c.env, app.id).sync(member));
});

consumerRoutes.post("/:client_id/heartbeats", authorize("dis:records:read"), async (c) => {
  const member = pathClient(c);
  const generation = await generationOf(c);
  const app = await pathApp(c);
  if (!app) return c.json(GROUP_NOT_EXIST);
  return c.json({ state: await groupStub(c.env, app.id).heartbeat(member, generation) });
});

consumerRoutes.delete("/:client_id", authorize("dis:records:read"), async (c) => {
  const member = pathClient(c);
  const app = await pathApp(c);
  if (app) await groupStub(c.env, app.id).leave(member);
  return c.json({ state: "OK" });
});
