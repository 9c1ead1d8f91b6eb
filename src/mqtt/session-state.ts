/**
 * The sessions of client ids (MQTT 5 §4.1) for what the endpoint offers: devices publish, so a
 * session holds no subscriptions and no messages for the client. What it holds is that it exists:
 * which connection has it now, and until when it outlives a disconnect. A client that connects
 * with Clean Start 0 within that time is told Session Present; a second connection with the same
 * client id takes the session over, and the first is closed.
 */

/** The longest a session outlives its connection (a 3.1.1 client without clean session asks for "ever"). */
export const MAX_SESSION_EXPIRY_SECONDS = 7 * 24 * 3600;

export interface SessionOwner {
  /** The gateway object holding the connection (its id, as text). */
  gateway: string;
  connection: string;
}

export interface SessionRecord {
  owner: SessionOwner | null;
  /** How long the session outlives its connection, in seconds. */
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
  /** The connection that held the session, to be closed. */
  previous: SessionOwner | null;
}

/** The session expiry the endpoint grants for what the client asked (MQTT 5 property, or 3.1.1's clean session flag). */
export function grantedExpiry(version: number, clean: boolean, asked: number | undefined): number {
  if (version !== 5) return clean ? 0 : MAX_SESSION_EXPIRY_SECONDS;
  return Math.min(asked ?? 0, MAX_SESSION_EXPIRY_SECONDS);
}

/** When a session without a connection ends (null: it has a connection). */
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
 * What is left of the session once `connection` ended: unchanged when another connection holds it
 * now, nothing (null) when it ends with its connection.
 */
export function release(record: SessionRecord | null, connection: string, now: number): SessionRecord | null {
  if (record === null || record.owner?.connection !== connection) return record;
  if (record.expirySeconds === 0) return null;
  return { ...record, owner: null, endedAt: now };
}
