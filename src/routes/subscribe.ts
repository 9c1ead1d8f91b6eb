/**
 * Subscribe (README "Live push"): a WebSocket upgrade naming a partition and where to start, as get
 * cursor does, handed to that partition's log object, which holds the socket and pushes records.
 */
import { Hono } from "hono";
import { findAppCached, noteCommit } from "../apps/repository";
import { authorize } from "../auth/authorize";
import { isAllowed } from "../auth/permissions";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { queryOf, validateWithCodes } from "../http/body";
import type { AppEnv } from "../http/context";
import { findGrants } from "../identity/directory";
import { partitionStub } from "../partition/stubs";
import { DEFAULT_WINDOW, MAX_WINDOW } from "../push/flow";
import { PUSH_PROTOCOL } from "../push/frames";
import { isSubscription } from "../push/refusal";
import { SUBSCRIPTION_HEADER, type SubscriptionStart } from "../push/subscribers";
import { cursorRequestOf, reachPartition } from "../records/cursor-request";
import { GET_CURSOR_CODES, subscribeQuery } from "../records/validation";
import { partitionId } from "../streams/partitions";

export const subscribeRoutes = new Hono<AppEnv>();

subscribeRoutes.get("/", authorize("dis:records:read"), async (c) => {
  if (!isSubscription(c.req.raw)) throw disError("DIS.4200", "Subscribe takes a WebSocket upgrade (Upgrade: websocket).");
  const q = validateWithCodes(subscribeQuery, queryOf(c), GET_CURSOR_CODES);
  const request = cursorRequestOf(q, "LATEST");
  const window = q.window ? Number(q.window) : DEFAULT_WINDOW;
  if (window < 1 || window > MAX_WINDOW) throw disError("DIS.4200", `window: must be an integer from 1 to ${MAX_WINDOW}.`);
  const fromCheckpoint = q.from_checkpoint === "true";
  if (fromCheckpoint && !q.app_name) throw disError("DIS.4200", "from_checkpoint needs app_name.");

  const caller = c.get("caller");
  const { stream, granted } = await reachPartition(c.env, caller, request);
  let app: SubscriptionStart["app"];
  if (q.app_name) {
    const db = openDb(c.env.DB);
    // The socket commits the app's checkpoints: the caller must be allowed to.
    if (!isAllowed(await findGrants(db, caller.userId, caller.projectId), "dis:checkpoints:commit")) {
      throw disError("DIS.4116", "The caller may not dis:checkpoints:commit, which app_name asks for.");
    }
    const row = await findAppCached(db, caller.projectId, q.app_name);
    if (!row) throw disError("DIS.4332", q.app_name);
    await noteCommit(db, row.id, stream.id);
    app = { id: row.id, name: row.name };
  }

  const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  const start: SubscriptionStart = {
    streamId: stream.id,
    partitionId: partitionId(request.partitionIndex),
    start: { type: request.type, sequence: request.sequence, timestamp: request.timestamp },
    fromCheckpoint,
    caller,
    granted,
    window,
    protocol: offered.includes(PUSH_PROTOCOL) ? PUSH_PROTOCOL : null,
    ...(app ? { app } : {}),
  };
  const handed = await partitionStub(c.env, stream.id, request.partitionIndex).fetch("https://partition/subscribe", {
    headers: { upgrade: "websocket", [SUBSCRIPTION_HEADER]: JSON.stringify(start) },
  });
  // Headers of an answer from an object cannot be changed; the app's middleware adds its own.
  return new Response(null, { status: handed.status, webSocket: handed.webSocket, headers: new Headers(handed.headers) });
});
