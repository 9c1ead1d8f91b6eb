/**
 * A refused subscription (bad credentials, no permission, a bad start): browsers cannot read the
 * answer to a refused upgrade, so the upgrade is taken and the socket ends at once with the DIS
 * error, in a frame and in its close code and reason (frames.ts).
 */
import { isWebSocketUpgrade, offeredProtocols } from "../http/websocket";
import type { DisError } from "../errors/dis-error";
import { PUSH_PROTOCOL } from "./frames";
import { refuse } from "./subscribers";

/** The subscribe path, under `/v2/{project_id}`. */
export const SUBSCRIBE_PATH = /^\/v2\/[^/]+\/records\/subscribe\/?$/;

/** The answer to a refused subscription upgrade: a socket that carries the error and closes. */
export function refusedSubscription(request: Request, error: DisError): Response {
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  refuse(server, error);
  return new Response(null, { status: 101, webSocket: client, headers: offeredProtocols(request).includes(PUSH_PROTOCOL) ? { "sec-websocket-protocol": PUSH_PROTOCOL } : {} });
}

/** Whether a refusal of this request is answered as a refused subscription. */
export function answersAsSubscription(request: Request): boolean {
  return isWebSocketUpgrade(request) && SUBSCRIBE_PATH.test(new URL(request.url).pathname);
}
