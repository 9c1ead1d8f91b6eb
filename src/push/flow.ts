/**
 * A subscriber's flow control: the service sends a frame only while fewer than `window` frames
 * await the subscriber's ack, so a slow subscriber costs the partition a position, never a
 * growing buffer. Pure.
 */
import type { Outcome } from "../errors/dis-error";

export interface Flow {
  /** The next sequence number to send. */
  next: number;
  /** The last sequence number of each frame sent and not yet acknowledged, oldest first. */
  unacked: number[];
  /** Frames that may await an ack at once. */
  window: number;
}

export const DEFAULT_WINDOW = 4;
export const MAX_WINDOW = 16;

export function hasRoom(flow: Flow): boolean {
  return flow.unacked.length < flow.window;
}

/** A frame ending at `last` was sent. */
export function noteSent(flow: Flow, last: number): void {
  flow.unacked.push(last);
  flow.next = last + 1;
}

/** The subscriber has every record through `sequence`: frames ending there or before are acknowledged. */
export function noteAck(flow: Flow, sequence: number): Outcome<number> {
  if (sequence >= flow.next) return { ok: false, code: "DIS.4224", detail: `Nothing after ${flow.next - 1} was sent.` };
  const before = flow.unacked.length;
  flow.unacked = flow.unacked.filter((last) => last > sequence);
  return { ok: true, value: before - flow.unacked.length };
}
