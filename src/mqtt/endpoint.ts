/**
 * `GET /mqtt`: a device's WebSocket upgrade (subprotocol `mqtt`), handed to one of the device
 * gateways (MQTT_GATEWAYS of them, chosen at random: the CONNECT that names the client comes
 * after the upgrade). `?project_id=` names the project for devices signing with an access key.
 */
import { isWebSocketUpgrade, offeredProtocols } from "../http/websocket";
import type { Env } from "../env";
import { disError, errorResponse } from "../errors/dis-error";
import { clientAddress } from "../auth/lockout";
import { envNumber } from "../util/env-number";
import { CLIENT_ADDRESS_HEADER, PROJECT_HINT_HEADER } from "./gateway";

export const DEVICE_PATH = "/mqtt";

/** The subprotocols MQTT clients offer: `mqtt` (3.1.1 and 5.0), `mqttv3.1` (older clients). */
const SUBPROTOCOLS = ["mqtt", "mqttv3.1"];

function refused(detail: string): Response {
  return errorResponse(disError("DIS.4200", detail));
}

export async function acceptDevice(request: Request, env: Env): Promise<Response> {
  if (request.method !== "GET") {
    const response = errorResponse(disError("DIS.4050", `${request.method} ${DEVICE_PATH} takes GET.`));
    response.headers.set("Allow", "GET");
    return response;
  }
  if (!isWebSocketUpgrade(request)) {
    return refused(`${DEVICE_PATH} takes a WebSocket upgrade with subprotocol mqtt (MQTT 3.1.1 or 5.0).`);
  }
  const offered = offeredProtocols(request);
  const protocol = SUBPROTOCOLS.find((p) => offered.includes(p));
  if (offered.length > 0 && protocol === undefined) return refused("The WebSocket subprotocol is mqtt.");

  const headers = new Headers(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, clientAddress(request, env.DIRECT_CLIENT_ADDRESS));
  const projectHint = new URL(request.url).searchParams.get("project_id");
  if (projectHint) headers.set(PROJECT_HINT_HEADER, projectHint);
  else headers.delete(PROJECT_HINT_HEADER);
  if (protocol) headers.set("sec-websocket-protocol", protocol);
  else headers.delete("sec-websocket-protocol");

  const shards = Math.floor(envNumber(env.MQTT_GATEWAYS, 8, 1));
  const name = `gateway-${Math.floor(Math.random() * shards)}`;
  const gateway = env.DEVICE_GATEWAYS.get(env.DEVICE_GATEWAYS.idFromName(name));
  return gateway.fetch(new Request(request.url, { method: "GET", headers }));
}
