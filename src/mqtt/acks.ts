/** What a publish is answered with, once its put finished (reason-codes.ts for the codes). */
import type { Packet } from "./packets";
import { pubackCode } from "./reason-codes";
import type { WriteResult } from "./stream-writer";

export interface Ack {
  qos: 0 | 1;
  messageId: number;
  /** Payload bytes, counted against the connection's pending bytes until answered. */
  bytes: number;
  result?: WriteResult;
}

export type Answer =
  | { kind: "puback"; packet: Packet }
  | { kind: "none" }
  /** MQTT 3.1.1 has no way to refuse one publish: the connection is closed. */
  | { kind: "close"; reason: string };

/**
 * QoS 1 is answered with a PUBACK: reason code 0 once the record is durable; in MQTT 5 a refused
 * record's reason code, with the DIS error as reason string and an `error_code` user property when
 * the client takes problem information. QoS 0 gets no answer; a refused one goes unreported in
 * MQTT 5, and closes the connection in 3.1.1 as a refused QoS 1 does.
 */
export function ackFor(ack: Ack, version: number, problemInfo: boolean): Answer {
  const result = ack.result ?? { ok: false, code: "DIS.5000", message: "No answer." };
  if (!result.ok && version !== 5) return { kind: "close", reason: result.message };
  if (ack.qos === 0) return { kind: "none" };
  if (result.ok) return { kind: "puback", packet: version === 5 ? { cmd: "puback", messageId: ack.messageId, reasonCode: 0 } : { cmd: "puback", messageId: ack.messageId } };
  const properties = problemInfo ? { reasonString: result.message, userProperties: { error_code: result.code } } : undefined;
  return { kind: "puback", packet: { cmd: "puback", messageId: ack.messageId, reasonCode: pubackCode(result.code), ...(properties ? { properties } : {}) } };
}
