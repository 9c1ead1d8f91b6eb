/**
 * Subscribe (README "Live push"): a WebSocket upgrade naming a partition and where to start, as get
 * cursor does, handed to that partition's log object, which holds the socket and pushes records.
 */
import { Hono } from "hono";
import { authorize } from "../auth/authorize";
import { disError } from "../errors/dis-error";
import { queryOf, validateWithCodes } from "../http/body";
import type { AppEnv } from "../http/context";
import { DEFAULT_WINDOW, MAX_WINDOW } from "../push/flow";
import { PUSH_PROTOCOL } from "../push/frames";
import { isWebSocketUpgrade, offeredProtocols } from "../http/websocket";
import { committingApp, handOver } from "../push/open";
import type { SubscriptionStart } from "../push/subscribers";
import { cursorRequestOf, reachPartition } from "../records/cursor-request";
import { GET_CURSOR_CODES, subscribeQuery } from "../records/validation";
import { partitionId } from "../streams/partitions";

export const subscribeRoutes = new Hono<AppEnv>();

subscribeRoutes.get("/", authorize("dis:records:read"), async (c) => {
  if (!isWebSocketUpgrade(c.req.raw)) throw disError("DIS.4200", "Subscribe takes a WebSocket upgrade (Upgrade: websocket).");
  const q = validateWithCodes(subscribeQuery, queryOf(c), GET_CURSOR_CODES);
  const request = cursorRequestOf(q, "LATEST");
  const window = q.window ? Number(q.window) : DEFAULT_WINDOW;
  if (window < 1 || window > MAX_WINDOW) throw disError("DIS.4200", `window: must be an integer from 1 to ${MAX_WINDOW}.`);
  const fromCheckpoint = q.from_checkpoint === "true";
  if (fromCheckpoint && !q.app_name) throw disError("DIS.4200", "from_checkpoint needs app_name.");

  const caller = c.get("caller");
  const { stream, granted } = await reachPartition(c.env, caller, request);
  const app = q.app_name ? await committingApp(c.env, caller, q.app_name, stream.id) : undefined;

  const start: SubscriptionStart = {
    streamId: stream.id,
    partitionId: partitionId(request.partitionIndex),
    start: { type: request.type, sequence: request.sequence, timestamp: request.timestamp },
    fromCheckpoint,
    caller,
    granted,
    window,
    protocol: offeredProtocols(c.req.raw).includes(PUSH_PROTOCOL) ? PUSH_PROTOCOL : null,
    ...(app ? { app } : {}),
  };
  const handed = await handOver(c.env, start);
  // Headers of an answer from an object cannot be changed; the app's middleware adds its own.
  return new Response(null, { status: handed.status, webSocket: handed.webSocket, headers: new Headers(handed.headers) });
});
