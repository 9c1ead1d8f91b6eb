/**
 * The MQTT answers of the device endpoint: CONNACK codes of 3.1.1 (return codes) and 5.0 (reason
 * codes), and the PUBACK reason code for each DIS error a record can meet.
 */
import type { ErrorCode } from "../errors/codes";

export type ConnectRefusal =
  /** Unknown access key, bad signature or token, a signature out of its 15 minutes. */
  | "bad-credentials"
  /** Credentials good, but not for this project, or neither `dis:records:write` nor `dis:records:read` on it. */
  | "not-authorized"
  /** The client's address is locked out after authentication failures (DIS.4309). */
  | "banned"
  /** The service could not check the credentials (its database did not answer). */
  | "unavailable"
  /** A client id this endpoint does not take (empty with a session kept, or too long). */
  | "client-id"
  /** A protocol level other than 3.1.1 (4) and 5.0 (5). */
  | "protocol-version"
  /** A will of QoS 2 (5.0). */
  | "qos";

const V4: Record<ConnectRefusal, number> = {
  "bad-credentials": 4,
  "not-authorized": 5,
  banned: 5,
  unavailable: 3,
  "client-id": 2,
  "protocol-version": 1,
  qos: 5,
};

const V5: Record<ConnectRefusal, number> = {
  "bad-credentials": 0x86,
  "not-authorized": 0x87,
  banned: 0x8a,
  unavailable: 0x88,
  "client-id": 0x85,
  "protocol-version": 0x84,
  qos: 0x9b,
};

export function connackCode(refusal: ConnectRefusal, version: number): number {
  return version === 5 ? V5[refusal] : V4[refusal];
}

/** MQTT 5 reason codes the endpoint sends in PUBACK and DISCONNECT. */
export const REASON = {
  success: 0x00,
  unspecified: 0x80,
  malformed: 0x81,
  protocolError: 0x82,
  implementationSpecific: 0x83,
  notAuthorized: 0x87,
  serverBusy: 0x89,
  keepAliveTimeout: 0x8d,
  sessionTakenOver: 0x8e,
  topicNameInvalid: 0x90,
  receiveMaximumExceeded: 0x93,
  topicAliasInvalid: 0x94,
  packetTooLarge: 0x95,
  quotaExceeded: 0x97,
  retainNotSupported: 0x9a,
  qosNotSupported: 0x9b,
  maximumConnectTime: 0xa0,
} as const;

/** The PUBACK reason code of a record refused with `code`. */
export function pubackCode(code: ErrorCode): number {
  switch (code) {
    case "DIS.4301":
      return REASON.topicNameInvalid;
    case "DIS.4116":
    case "DIS.4117":
      return REASON.notAuthorized;
    case "DIS.4303":
      return REASON.quotaExceeded;
    case "DIS.4200":
    case "DIS.4205":
    case "DIS.4319":
      return REASON.implementationSpecific;
    default:
      return REASON.unspecified;
  }
}
