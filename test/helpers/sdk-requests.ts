/** Sends the SDK-shaped requests of sdk-wire.ts to the worker, as the runtime would hand them over. */
import { exports } from "cloudflare:workers";
import type { Reply } from "./http";
import { javaDisRequest as javaWire, pythonDisRequest as pythonWire, type JavaRequest, type PythonRequest, type WireRequest } from "./sdk-wire";

/** Sends a request built by sdk-wire.ts (possibly changed after signing, to tamper with it). */
export async function sendWire(wire: WireRequest): Promise<Reply> {
  const init: RequestInit & { cf?: Record<string, string> } = { method: wire.method, headers: { ...wire.headers } };
  if (wire.body.length > 0) init.body = wire.body;
  // Deployed and under `wrangler dev` the worker sees a normalized Accept-Encoding, the client's own in `cf`.
  if (wire.clientAcceptEncoding !== undefined) {
    init.cf = { clientAcceptEncoding: wire.clientAcceptEncoding };
    (init.headers as Record<string, string>)["accept-encoding"] = "br, gzip";
  }
  const response = await exports.default.fetch(new Request(wire.url, init));
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, bytes, text, json };
}

export const pythonDisRequest = async (request: PythonRequest) => sendWire(await pythonWire(request));
export const javaDisRequest = async (request: JavaRequest) => sendWire(await javaWire(request));
export { pythonWire };
