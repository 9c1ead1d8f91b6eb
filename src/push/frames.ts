/**
 * The subscribe protocol's messages (README "Live push"): what a subscriber sends (acks and
 * checkpoint commits, JSON text frames) and what the service sends (JSON text frames), and how a
 * subscription ends (close codes). Pure: the partition log's subscribers (subscribers.ts) use it.
 */
import { ERRORS, type ErrorCode } from "../errors/codes";
import { disError, errorBody, type DisError } from "../errors/dis-error";
import type { Outcome } from "../errors/dis-error";
import type { StoredRecord } from "../partition/chunk-store";
import { recordJson } from "../partition/record-json";
import { parseCount } from "../records/validation";

/**
 * The WebSocket subprotocol of subscriptions; the server answers it when the client offers it. A
 * browser offers its token beside it as `dis-token.<token>` (auth/authenticate.ts), never answered.
 */
export const PUSH_PROTOCOL = "dis-records";

/** Close codes: normal end (the partition closed after a scaling), a broken protocol, or a DIS error as 4000 + its HTTP status. */
export const CLOSE_ENDED = 1000;
export const CLOSE_PROTOCOL = 1008;

export function closeCodeOf(code: ErrorCode): number {
  return 4000 + ERRORS[code].status;
}

/** A close reason within the protocol's 123 bytes. */
export function closeReason(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= 123) return text;
  let cut = text.slice(0, 120);
  while (new TextEncoder().encode(cut).length > 120) cut = cut.slice(0, -1);
  return `${cut}...`;
}

export type ClientMessage = { action: "ack"; sequence: number } | { action: "commit"; sequence: number; metadata: string };

/** A subscriber's message: `{"action":"ack"|"commit","sequence_number":"<n>"[,"metadata":"…"]}`. */
export function parseClientMessage(text: string): Outcome<ClientMessage> {
  const refused = (detail: string): Outcome<ClientMessage> => ({ ok: false, code: "DIS.4200", detail });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused("A message is a JSON object.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return refused("A message is a JSON object.");
  const message = value as Record<string, unknown>;
  const action = message.action;
  if (action !== "ack" && action !== "commit") return refused('action: "ack" or "commit".');
  const sequenceText = typeof message.sequence_number === "number" ? String(message.sequence_number) : message.sequence_number;
  const sequence = typeof sequenceText === "string" ? parseCount(sequenceText) : null;
  if (sequence === null) return { ok: false, code: "DIS.4216", detail: "sequence_number: a decimal sequence number is required." };
  if (action === "ack") return { ok: true, value: { action, sequence } };
  const metadata = message.metadata ?? "";
  if (typeof metadata !== "string" || metadata.length > 1000) return refused("metadata: a string of at most 1,000 characters.");
  return { ok: true, value: { action, sequence, metadata } };
}

export interface SubscribedInfo {
  partitionId: string;
  /** The first sequence number the subscription delivers. */
  start: number;
  window: number;
  appName?: string;
}

/** The first frame: where delivery starts and how many frames may await an ack. */
export function subscribedFrame(info: SubscribedInfo): string {
  return JSON.stringify({
    type: "subscribed",
    partition_id: info.partitionId,
    sequence_number: String(info.start),
    window: info.window,
    ...(info.appName === undefined ? {} : { app_name: info.appName }),
  });
}

/** Records, with the fields of get records' `records`, in sequence order. */
export function recordsFrame(records: readonly StoredRecord[]): string {
  return `{"type":"records","records":[${records.map(recordJson).join(",")}]}`;
}

export function committedFrame(sequence: number): string {
  return JSON.stringify({ type: "committed", sequence_number: String(sequence) });
}

/** A refused message (the subscription goes on), or why the subscription ends (before its close), in the DIS error body. */
export function errorFrame(error: DisError): string {
  return JSON.stringify({ type: "error", ...errorBody(error) });
}

/** The partition takes no more records and all of them were delivered: where its keys went. */
export function endFrame(partitionId: string, children: readonly string[]): string {
  return JSON.stringify({ type: "end", partition_id: partitionId, child_partitions: children });
}

/** The close reason of an ended partition: its children. */
export function endReason(children: readonly string[]): string {
  return closeReason(`partition closed; children: ${children.join(",")}`);
}

export function errorOf(outcome: { code: ErrorCode; detail: string }): DisError {
  return disError(outcome.code, outcome.detail);
}
