/**
 * A client id's MQTT state (MQTT 5 §4.1) as the endpoint keeps it: no subscriptions (they last
 * for their connection) and no messages for the client, only that the state exists: which
 * connection holds the client id now, and until when the state outlives a disconnect. A client
 * that connects with Clean Start 0 within that time is told Session Present; a second connection
 * with the same client id replaces the first, which is closed.
 */

/** The longest a client id's state outlives its connection (a 3.1.1 client with its clean flag unset asks for "ever"). */
export const MAX_SESSION_EXPIRY_SECONDS = 7 * 24 * 3600;

export interface SessionOwner {
  /** The gateway object holding the connection (its id, as text). */
  gateway: string;
  connection: string;
}

export interface SessionRecord {
  owner: SessionOwner | null;
  /** How long the client id's state outlives its connection, in seconds. */
  expirySeconds: number;
  /** When its last connection ended (null while one holds it). */
  endedAt: number | null;
}

export interface ClaimRequest {
  owner: SessionOwner;
  cleanStart: boolean;
  expirySeconds: number;
}

export interface Claim {
  record: SessionRecord;
  sessionPresent: boolean;
  /** The connection that held the client id, to be closed. */
  previous: SessionOwner | null;
}

/** How long (seconds) a client id's state outlives its connection, as granted for what the client asked: MQTT 5's expiry interval property, or 3.1.1's clean flag. */
export function grantedExpiry(version: number, clean: boolean, asked: number | undefined): number {
  if (version !== 5) return clean ? 0 : MAX_SESSION_EXPIRY_SECONDS;
  return Math.min(asked ?? 0, MAX_SESSION_EXPIRY_SECONDS);
}

/** When a client id's state without a connection ends (null: it has a connection). */
export function expiresAt(record: SessionRecord): number | null {
  if (record.owner !== null || record.endedAt === null) return null;
  return record.endedAt + record.expirySeconds * 1000;
}

function alive(record: SessionRecord | null, now: number): boolean {
  if (record === null) return false;
  const end = expiresAt(record);
  return end === null || end > now;
}

export function claim(record: SessionRecord | null, request: ClaimRequest, now: number): Claim {
  return {
    record: { owner: request.owner, expirySeconds: request.expirySeconds, endedAt: null },
    sessionPresent: !request.cleanStart && alive(record, now),
    previous: record?.owner ?? null,
  };
}

/**
 * What is left of a client id's state once `connection` ended: unchanged when another connection
 * holds the client id now, nothing (null) when the state ends with its connection.
 */
export function release(record: SessionRecord | null, connection: string, now: number): SessionRecord | null {
  if (record === null || record.owner?.connection !== connection) return record;
  if (record.expirySeconds === 0) return null;
  return { ...record, owner: null, endedAt: now };
}
