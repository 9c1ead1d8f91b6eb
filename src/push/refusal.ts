/**
 * A refused subscription (bad credentials, no permission, a bad start): browsers cannot read the
 * answer to a refused upgrade, so the upgrade is taken and the socket ends at once with the DIS
 * error, in a frame and in its close code and reason (frames.ts).
 */
import type { DisError } from "../errors/dis-error";
import { PUSH_PROTOCOL } from "./frames";
import { refuse } from "./subscribers";

/** The subscribe path, under `/v2/{project_id}`. */
export const SUBSCRIBE_PATH = /^\/v2\/[^/]+\/records\/subscribe\/?$/;

/** Whether a request is a WebSocket upgrade. */
export function isSubscription(request: Request): boolean {
  return request.headers.get("upgrade")?.toLowerCase() === "websocket";
}

/** The answer to a refused subscription upgrade: a socket that carries the error and closes. */
export function refusedSubscription(request: Request, error: DisError): Response {
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  refuse(server, error);
  const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  return new Response(null, { status: 101, webSocket: client, headers: offered.includes(PUSH_PROTOCOL) ? { "sec-websocket-protocol": PUSH_PROTOCOL } : {} });
}

/** Whether a refusal of this request is answered as a refused subscription. */
export function answersAsSubscription(request: Request): boolean {
  return isSubscription(request) && SUBSCRIBE_PATH.test(new URL(request.url).pathname);
}
