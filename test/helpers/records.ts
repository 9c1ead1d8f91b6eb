/** Shorthands for the data plane tests. */
import { expect } from "vitest";
import { encodeBase64 } from "../../src/util/base64";
import { call, PROJECT, uniqueName } from "./http";

export const b64 = (text: string | Uint8Array) => encodeBase64(typeof text === "string" ? new TextEncoder().encode(text) : text);
export const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
export const utf8 = (text: string) => new TextDecoder().decode(unb64(text));

export async function newStream(partitionCount = 1, extra: Record<string, unknown> = {}): Promise<string> {
  const name = uniqueName("r");
  const reply = await call("POST", `/v2/${PROJECT}/streams`, { body: { stream_name: name, partition_count: partitionCount, ...extra } });
  expect(reply.status).toBe(201);
  return name;
}

export function put(stream: string, records: Record<string, unknown>[]) {
  return call("POST", `/v2/${PROJECT}/records`, { body: { stream_name: stream, records } });
}

export async function cursorFor(stream: string, partition: string, type: string, extra: Record<string, string> = {}) {
  const query = new URLSearchParams({ "stream-name": stream, "partition-id": partition, "cursor-type": type, ...extra });
  return call("GET", `/v2/${PROJECT}/cursors?${query}`);
}

export async function cursor(stream: string, partition = "0", type = "TRIM_HORIZON", extra: Record<string, string> = {}): Promise<string> {
  const reply = await cursorFor(stream, partition, type, extra);
  expect(reply.status, reply.text).toBe(200);
  return reply.json.partition_cursor;
}

export function get(partitionCursor: string, extra: Record<string, string> = {}) {
  return call("GET", `/v2/${PROJECT}/records?${new URLSearchParams({ "partition-cursor": partitionCursor, ...extra })}`);
}
