/**
 * A device gateway: a Durable Object holding many devices' MQTT connections through the WebSocket
 * Hibernation API, so idle devices cost nothing between messages. It owns the sockets, their
 * topic aliases and wills, and one alarm (the earliest keep-alive, CONNECT or token deadline); each
 * connection's protocol is in device-connection.ts, and its puts go through one StreamWriter per
 * stream, which joins many connections' publishes into few puts.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { CONNECT_TIMEOUT_MS, DeviceConnection, type ConnectionHost, type ConnectionRecord } from "./device-connection";
import type { DeviceIdentity } from "./device-auth";
import { migrate } from "./gateway-schema";
import type { ClaimRequest, SessionOwner } from "./session-state";
import { StreamWriter } from "./stream-writer";

/** Headers the endpoint (endpoint.ts) sets on the upgrade it hands over. */
export const CLIENT_ADDRESS_HEADER = "x-dis-client-address";
export const PROJECT_HINT_HEADER = "x-dis-project-hint";

interface Held {
  socket: WebSocket;
  connection: DeviceConnection;
}

export class DeviceGateway extends DurableObject<Env> implements ConnectionHost {
  readonly gateway: string;
  get bindings(): Env {
    return this.env;
  }
  private readonly held = new Map<string, Held>();
  /** The same, by socket: the runtime hands a message the same socket object while the gateway is in memory. */
  private readonly bySocket = new WeakMap<WebSocket, Held>();
  private readonly writers = new Map<string, StreamWriter>();
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.gateway = ctx.id.toString();
    migrate(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Takes a device's WebSocket upgrade (from endpoint.ts). */
  override async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    const now = Date.now();
    const record: ConnectionRecord = {
      id: crypto.randomUUID(),
      address: request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown",
      projectHint: request.headers.get(PROJECT_HINT_HEADER),
      acceptedAt: now,
      lastSeen: now,
    };
    this.ctx.acceptWebSocket(server, [record.id]);
    server.serializeAttachment(record);
    const held = { socket: server, connection: new DeviceConnection(this, record) };
    this.held.set(record.id, held);
    this.bySocket.set(server, held);
    this.deadlineChanged(now + CONNECT_TIMEOUT_MS);
    const protocol = request.headers.get("sec-websocket-protocol");
    return new Response(null, { status: 101, webSocket: client, headers: protocol ? { "sec-websocket-protocol": protocol } : {} });
  }

  /** The connection of a socket, made anew from its attachment after hibernation. */
  private heldOf(socket: WebSocket): Held {
    const known = this.bySocket.get(socket);
    if (known) return known;
    const record = socket.deserializeAttachment() as ConnectionRecord;
    let held = this.held.get(record.id);
    if (!held) {
      held = { socket, connection: new DeviceConnection(this, record) };
      this.held.set(record.id, held);
    }
    this.bySocket.set(socket, held);
    return held;
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const { connection } = this.heldOf(socket);
    // MQTT over WebSocket travels in binary frames only (MQTT 5 §6.0).
    if (typeof message === "string") return connection.refuseTextFrame();
    await connection.receive(new Uint8Array(message), Date.now());
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    const { connection } = this.heldOf(socket);
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    await this.forget(connection);
  }

  override async webSocketError(socket: WebSocket): Promise<void> {
    await this.forget(this.heldOf(socket).connection);
  }

  /** Closes connections whose deadline passed; sets the alarm for the next one. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.alarmAt = null;
    let next: number | null = null;
    for (const socket of this.ctx.getWebSockets()) {
      const { connection } = this.heldOf(socket);
      const deadline = connection.deadline();
      if (deadline === null) continue;
      if (deadline <= now) connection.expire(now);
      else if (next === null || deadline < next) next = deadline;
    }
    if (next !== null) this.deadlineChanged(next);
  }

  /** Closes a connection whose session another connection took over. */
  async takeOver(connectionId: string): Promise<void> {
    const socket = this.ctx.getWebSockets(connectionId)[0];
    if (socket) this.heldOf(socket).connection.takenOver();
  }

  /** A connection ended: its aliases go, and its session is released. */
  private async forget(connection: DeviceConnection): Promise<void> {
    const id = connection.record.id;
    if (!this.held.delete(id)) return;
    connection.closeFeeds();
    const why = connection.endedBy;
    if (why !== null && why !== "DISCONNECT") {
      // As the request log's lines of refused requests: the operator's view of devices turned away.
      const line = { level: "warn", mqtt_connection: id, client_id: connection.session?.clientId ?? "", address: connection.record.address, reason: why };
      console.log(JSON.stringify(line));
    }
    this.ctx.storage.sql.exec("DELETE FROM topic_aliases WHERE connection = ?", id);
    const will = this.ctx.storage.sql.exec<{ topic: string; payload: ArrayBuffer }>("SELECT topic, payload FROM wills WHERE connection = ?", id).toArray()[0];
    if (will) {
      if (connection.willDue) await connection.putWill(will.topic, new Uint8Array(will.payload)).catch((error: unknown) => console.error("MQTT will failed", error));
      this.ctx.storage.sql.exec("DELETE FROM wills WHERE connection = ?", id);
    }
    const session = connection.session;
    if (!session) return;
    try {
      await this.sessionOf(session.identity.caller.projectId, session.clientId).release(id);
    } catch (error) {
      console.error("MQTT session release failed", error);
    }
  }

  private sessionOf(projectId: string, clientId: string) {
    return this.env.CLIENT_SESSIONS.get(this.env.CLIENT_SESSIONS.idFromName(`${projectId}/${clientId}`));
  }

  // ConnectionHost

  send(id: string, bytes: Uint8Array): void {
    const held = this.held.get(id);
    if (held) held.socket.send(bytes);
  }

  close(id: string, code: number, reason: string): void {
    const held = this.held.get(id);
    if (!held) return;
    try {
      held.socket.close(code, reason);
    } catch {
      // already closed
    }
    void this.forget(held.connection);
  }

  save(record: ConnectionRecord): void {
    this.held.get(record.id)?.socket.serializeAttachment(record);
  }

  writer(identity: DeviceIdentity, streamName: string): StreamWriter {
    const key = `${identity.caller.projectId}\u0000${streamName}`;
    let writer = this.writers.get(key);
    if (!writer) {
      if (this.writers.size >= 1000) for (const [k, w] of this.writers) if (w.idle) this.writers.delete(k);
      writer = new StreamWriter(this.env, identity.caller, streamName);
      this.writers.set(key, writer);
    }
    return writer;
  }

  claimSession(projectId: string, clientId: string, request: ClaimRequest): Promise<{ sessionPresent: boolean; previous: SessionOwner | null }> {
    return this.sessionOf(projectId, clientId).claim(request);
  }

  async takeOverSession(previous: SessionOwner): Promise<void> {
    if (previous.gateway === this.gateway) return this.takeOver(previous.connection);
    await this.env.DEVICE_GATEWAYS.get(this.env.DEVICE_GATEWAYS.idFromString(previous.gateway)).takeOver(previous.connection);
  }

  aliases(id: string): Map<number, string> {
    const rows = this.ctx.storage.sql.exec<{ alias: number; topic: string }>("SELECT alias, topic FROM topic_aliases WHERE connection = ?", id);
    return new Map([...rows].map((r) => [r.alias, r.topic]));
  }

  saveWill(id: string, topic: string, payload: Uint8Array): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO wills (connection, topic, payload) VALUES (?, ?, ?)", id, topic, payload);
  }

  saveAlias(id: string, alias: number, topic: string): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO topic_aliases (connection, alias, topic) VALUES (?, ?, ?)", id, alias, topic);
  }

  deadlineChanged(at: number): void {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }
}
