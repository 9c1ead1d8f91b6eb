/**
 * One device's MQTT connection, from CONNECT to close: authentication, the client id's MQTT state, publishes put
 * as records and answered in order, keep-alive. Held by a gateway object (gateway.ts), which owns
 * the socket, the storage and the alarm; what must outlive hibernation is in `ConnectionRecord`,
 * the socket's attachment.
 */
import { Buffer } from "node:buffer";
import { addressLockedUntil, countAuthenticationFailure } from "../auth/lockout";
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import { MAX_RECORD_BYTES } from "../records/validation";
import { ackFor, type Ack } from "./acks";
import { AckQueue, type AckSlot } from "./ack-queue";
import { authenticateDevice, type DeviceIdentity } from "./device-auth";
import { encodePacket, PacketReader, type IConnectPacket, type IPublishPacket, type ISubscribePacket, type Packet, type ProtocolVersion } from "./packets";
import { PublishGrants, recheckIntervalMs } from "./publish-grants";
import { connackCode, REASON, type ConnectRefusal } from "./reason-codes";
import { grantedExpiry, type ClaimRequest, type SessionOwner } from "./session-state";
import type { StreamWriter, WriteResult } from "./stream-writer";
import { Subscriptions } from "./subscriptions";
import { resolveAlias, topicTarget, TOPIC_ALIAS_MAXIMUM } from "./topics";

/** A CONNECT must arrive this soon after the WebSocket opens. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** The largest packet taken (MQTT 5 Maximum Packet Size): a record at the record limit, with room for its topic. */
export const MAXIMUM_PACKET_BYTES = MAX_RECORD_BYTES + 4096;
/** QoS 1 publishes a client may have unanswered (MQTT 5 Receive Maximum). */
export const RECEIVE_MAXIMUM = 256;
/** Payload bytes a connection may have waiting for their puts (beyond: quota exceeded). */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;
export const MAX_CLIENT_ID_LENGTH = 128;

/** What a connected session keeps across hibernation. */
export interface SessionInfo {
  version: 4 | 5;
  clientId: string;
  keepAliveSeconds: number;
  identity: DeviceIdentity;
  /** MQTT 5 Request Problem Information: reason strings and user properties may be sent. */
  problemInfo: boolean;
}

/** The socket's attachment. */
export interface ConnectionRecord {
  id: string;
  /** The client's address, for the lockout. */
  address: string;
  /** The project named in the URL, if any. */
  projectHint: string | null;
  acceptedAt: number;
  /** When a packet last arrived (to the second). */
  lastSeen: number;
  session?: SessionInfo;
}

/** What the gateway does for its connections. */
export interface ConnectionHost {
  readonly bindings: Env;
  /** This gateway's object id, by which a session's next connection finds it. */
  readonly gateway: string;
  send(id: string, bytes: Uint8Array): void;
  /** Closes the socket (after what was sent). */
  close(id: string, code: number, reason: string): void;
  save(record: ConnectionRecord): void;
  writer(identity: DeviceIdentity, streamName: string): StreamWriter;
  claimSession(projectId: string, clientId: string, request: ClaimRequest): Promise<{ sessionPresent: boolean; previous: SessionOwner | null }>;
  /** Closes the connection that held the client id before (on whichever gateway). */
  takeOverSession(previous: SessionOwner): Promise<void>;
  /** The connection's topic aliases, as stored. */
  aliases(id: string): Map<number, string>;
  saveAlias(id: string, alias: number, topic: string): void;
  saveWill(id: string, topic: string, payload: Uint8Array): void;
  /** The connection's deadline (keep-alive, CONNECT, token expiry) may be earlier than the alarm. */
  deadlineChanged(at: number): void;
}

type Closing = { reason: number; text: string };

export class DeviceConnection {
  private reader: PacketReader;
  private readonly acks = new AckQueue<Ack>();
  private unacked = 0;
  private pendingBytes = 0;
  private topicAliases: Map<number, string> | null = null;
  private grants: PublishGrants | null = null;
  private work: Promise<void> = Promise.resolve();
  /** Packets taken and not yet handled, the one being handled included. */
  private queued = 0;
  private outbox: Uint8Array[] = [];
  private closed = false;
  /** Its subscriptions' record feeds, once it subscribed (not kept across hibernation: a gateway with feeds open stays in memory). */
  private subscriptions: Subscriptions | null = null;
  /** Whether the connection's will is to be put when it ends: unless it ends with a normal DISCONNECT. */
  willDue = true;
  /** How the connection ended, for the log line of one that ended without DISCONNECT (keep-alive, refusal, takeover). */
  endedBy: string | null = null;

  constructor(
    private readonly host: ConnectionHost,
    readonly record: ConnectionRecord,
  ) {
    this.reader = new PacketReader(record.session?.version);
  }

  get session(): SessionInfo | undefined {
    return this.record.session;
  }

  /** When the connection is due to be closed unless a packet arrives (null: never). */
  deadline(): number | null {
    const session = this.record.session;
    if (!session) return this.record.acceptedAt + CONNECT_TIMEOUT_MS;
    const keepAlive = session.keepAliveSeconds > 0 ? this.record.lastSeen + session.keepAliveSeconds * 1500 : null;
    const token = session.identity.credential.kind === "token" ? session.identity.credential.expiresAt : null;
    if (keepAlive === null) return token;
    return token === null ? keepAlive : Math.min(keepAlive, token);
  }

  /** Closes a connection whose deadline passed. */
  expire(now: number): void {
    const session = this.record.session;
    if (!session) return this.end(null, "no CONNECT in time");
    const credential = session.identity.credential;
    if (credential.kind === "token" && credential.expiresAt <= now) return this.end({ reason: REASON.maximumConnectTime, text: "The token has expired." }, "token expired");
    this.end({ reason: REASON.keepAliveTimeout, text: "Nothing arrived within one and a half keep-alive intervals." }, "keep-alive timeout");
  }

  /** A newer connection with the same client id replaced this one. */
  takenOver(): void {
    this.end({ reason: REASON.sessionTakenOver, text: "A newer connection with this client id replaced this one." }, "replaced by a newer connection of its client id");
  }

  /** A text frame arrived: not MQTT over WebSocket, whose packets come in binary frames. */
  refuseTextFrame(): void {
    this.fail(REASON.malformed, "MQTT packets come in binary WebSocket frames.");
  }

  /** Takes one WebSocket message's bytes. */
  receive(bytes: Uint8Array, now: number): Promise<void> {
    if (this.closed) return this.work;
    if (now - this.record.lastSeen >= 1000) {
      this.record.lastSeen = now;
      this.host.save(this.record);
    }
    const read = this.reader.push(bytes);
    if (!read.ok) {
      this.fail(REASON.malformed, `Malformed packet: ${read.reason}`);
      return this.work;
    }
    if (this.reader.pending > MAXIMUM_PACKET_BYTES) {
      this.fail(REASON.packetTooLarge, `Packets are at most ${MAXIMUM_PACKET_BYTES} bytes.`);
      return this.work;
    }
    for (const packet of read.packets) this.enqueue(packet);
    return this.work;
  }

  /**
   * Handles packets in arrival order: at once while nothing waits (a publish to a stream already
   * checked needs no waiting), else after what waits (a CONNECT being checked, a first publish).
   */
  private enqueue(packet: Packet): void {
    if (this.queued === 0) {
      const waiting = this.run(packet);
      if (!waiting) return;
      this.queued++;
      this.work = waiting.finally(() => this.queued--);
      return;
    }
    this.queued++;
    this.work = this.work.then(() => this.run(packet)).finally(() => this.queued--);
  }

  private run(packet: Packet): Promise<void> | undefined {
    if (this.closed) return undefined;
    const failed = (error: unknown) => {
      console.error("MQTT connection failed", error);
      this.fail(REASON.unspecified, "The server failed.");
    };
    try {
      const waiting = this.handle(packet, Date.now());
      return waiting ? waiting.catch(failed) : undefined;
    } catch (error) {
      failed(error);
      return undefined;
    }
  }

  private handle(packet: Packet, now: number): void | Promise<void> {
    if ((packet.length ?? 0) > MAXIMUM_PACKET_BYTES) return this.fail(REASON.packetTooLarge, `Packets are at most ${MAXIMUM_PACKET_BYTES} bytes.`);
    if (!this.record.session) {
      if (packet.cmd !== "connect") return this.end(null, "first packet not CONNECT");
      return this.connect(packet, now);
    }
    switch (packet.cmd) {
      case "publish":
        return this.publish(packet, now);
      case "pingreq":
        return this.send({ cmd: "pingresp" });
      case "disconnect":
        this.flush();
        // MQTT 5's reason 0x04 asks for the will all the same.
        this.willDue = packet.reasonCode === 0x04;
        this.endedBy = "DISCONNECT";
        this.closed = true;
        this.closeFeeds();
        return this.host.close(this.record.id, 1000, "");
      case "subscribe":
        return this.subscribe(packet);
      case "unsubscribe": {
        const codes = this.subscriptions?.unsubscribe(packet.unsubscriptions) ?? packet.unsubscriptions.map(() => 0x11);
        return this.send(this.version === 5 ? { cmd: "unsuback", messageId: packet.messageId, granted: codes } : { cmd: "unsuback", messageId: packet.messageId, granted: [] });
      }
      case "puback":
        return this.subscriptions?.puback(packet.messageId ?? 0);
      case "connect":
        return this.fail(REASON.protocolError, "A second CONNECT.");
      default:
        return this.fail(REASON.protocolError, `${packet.cmd} is not taken from clients here.`);
    }
  }

  private get version(): ProtocolVersion {
    return this.record.session?.version ?? 4;
  }

  /**
   * Queues a packet; what is queued within one turn leaves as one WebSocket frame (MQTT over
   * WebSocket lets a frame carry several packets), so a put's many PUBACKs cost one send.
   */
  private send(packet: Packet, version = this.version): void {
    if (this.closed) return;
    this.outbox.push(encodePacket(packet, version));
    if (this.outbox.length === 1) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const packets = this.outbox;
    if (packets.length === 0) return;
    this.outbox = [];
    this.host.send(this.record.id, packets.length === 1 ? packets[0]! : Buffer.concat(packets));
  }

  /** Ends the connection: a DISCONNECT first in MQTT 5 when `closing` says why. */
  private end(closing: Closing | null, why: string): void {
    if (this.closed) return;
    if (closing && this.version === 5 && this.record.session) {
      const properties = this.record.session.problemInfo ? { reasonString: closing.text } : undefined;
      this.send({ cmd: "disconnect", reasonCode: closing.reason, ...(properties ? { properties } : {}) });
    }
    this.flush();
    this.endedBy = why;
    this.closed = true;
    this.closeFeeds();
    this.host.close(this.record.id, closing && closing.reason >= 0x80 && closing.reason <= 0x82 ? 1002 : 1000, "");
  }

  /** A protocol error or a limit broken: DISCONNECT with the reason (MQTT 5), then close. */
  private fail(reason: number, text: string): void {
    this.end({ reason, text }, text);
  }

  /** Ends the connection's record feeds (it ended). */
  closeFeeds(): void {
    this.subscriptions?.closeAll();
    this.subscriptions = null;
  }

  /** SUBSCRIBE: record feeds for each filter, answered with the granted QoS or why not. */
  private async subscribe(packet: ISubscribePacket): Promise<void> {
    const session = this.record.session!;
    this.subscriptions ??= new Subscriptions({
      bindings: this.host.bindings,
      caller: session.identity.caller,
      version: this.version,
      publish: (publish) => this.send(publish),
      feedEnded: (filter, why) => console.log(JSON.stringify({ level: "warn", mqtt_connection: this.record.id, client_id: session.clientId, subscription: filter, ended: why })),
    });
    const answer = await this.subscriptions.subscribe(packet);
    if (this.closed) return this.closeFeeds();
    const properties = this.version === 5 && answer.reason !== undefined && session.problemInfo ? { properties: { reasonString: answer.reason } } : {};
    this.send({ cmd: "suback", messageId: packet.messageId, granted: answer.granted, ...properties });
  }

  private refuse(refusal: ConnectRefusal, version: number, reason: string): void {
    const code = connackCode(refusal, version);
    if (version === 5) this.send({ cmd: "connack", sessionPresent: false, reasonCode: code, properties: { reasonString: reason } }, 5);
    else this.send({ cmd: "connack", sessionPresent: false, returnCode: code }, 4);
    this.end(null, `CONNECT refused: ${reason}`);
  }

  private async connect(packet: IConnectPacket, now: number): Promise<void> {
    const version = packet.protocolVersion ?? 4;
    if (version !== 4 && version !== 5) return this.refuse("protocol-version", 4, "MQTT 3.1.1 and 5.0 are offered.");
    const clean = packet.clean ?? true;
    let clientId = packet.clientId ?? "";
    let assigned = false;
    if (clientId === "") {
      if (version === 4 && !clean) return this.refuse("client-id", version, "An empty client id needs a clean session.");
      clientId = `dis-${crypto.randomUUID()}`;
      assigned = true;
    }
    if (clientId.length > MAX_CLIENT_ID_LENGTH) return this.refuse("client-id", version, `Client ids are at most ${MAX_CLIENT_ID_LENGTH} characters.`);
    if (version === 5 && packet.will?.qos === 2) return this.refuse("qos", version, "QoS 2 is not offered.");

    const env = this.host.bindings;
    let identity: DeviceIdentity;
    let claimed: { sessionPresent: boolean; previous: SessionOwner | null };
    const expirySeconds = grantedExpiry(version, clean, packet.properties?.sessionExpiryInterval);
    try {
      if ((await addressLockedUntil(env, this.record.address, now)) > 0) return this.refuse("banned", version, "Too many authentication failures from this address: try again later.");
      const password = packet.password === undefined ? undefined : new Uint8Array(packet.password);
      const auth = await authenticateDevice(env, { clientId, username: packet.username, password, projectHint: this.record.projectHint }, now);
      if (!auth.ok) {
        if (auth.failure) await countAuthenticationFailure(env, this.record.address);
        return this.refuse(auth.refusal, version, auth.reason);
      }
      identity = auth.identity;
      const owner = { gateway: this.host.gateway, connection: this.record.id };
      claimed = await this.host.claimSession(identity.caller.projectId, clientId, { owner, cleanStart: clean, expirySeconds });
    } catch (error) {
      console.error("MQTT CONNECT could not be checked", error);
      return this.refuse("unavailable", version, "The service could not check the credentials.");
    }
    if (claimed.previous && claimed.previous.connection !== this.record.id) {
      await this.host.takeOverSession(claimed.previous).catch((error: unknown) => console.error("MQTT session takeover failed", error));
    }

    this.record.session = {
      version,
      clientId,
      keepAliveSeconds: packet.keepalive ?? 0,
      identity,
      problemInfo: packet.properties?.requestProblemInformation !== false,
    };
    this.reader = new PacketReader(version);
    this.grants = new PublishGrants(env, identity, recheckIntervalMs(env));
    this.host.save(this.record);
    if (packet.will) this.host.saveWill(this.record.id, packet.will.topic, payloadBytes(packet.will.payload));
    if (version === 5) {
      const properties: Record<string, unknown> = {
        receiveMaximum: RECEIVE_MAXIMUM,
        maximumQoS: 1,
        retainAvailable: false,
        maximumPacketSize: MAXIMUM_PACKET_BYTES,
        topicAliasMaximum: TOPIC_ALIAS_MAXIMUM,
        wildcardSubscriptionAvailable: true,
        subscriptionIdentifiersAvailable: false,
        sharedSubscriptionAvailable: false,
      };
      if (expirySeconds !== (packet.properties?.sessionExpiryInterval ?? 0)) properties.sessionExpiryInterval = expirySeconds;
      if (assigned) properties.assignedClientIdentifier = clientId;
      this.send({ cmd: "connack", sessionPresent: claimed.sessionPresent, reasonCode: 0, properties });
    } else {
      this.send({ cmd: "connack", sessionPresent: claimed.sessionPresent, returnCode: 0 });
    }
    const deadline = this.deadline();
    if (deadline !== null) this.host.deadlineChanged(deadline);
  }

  private aliases(): Map<number, string> {
    this.topicAliases ??= this.host.aliases(this.record.id);
    return this.topicAliases;
  }

  private publish(packet: IPublishPacket, now: number): void | Promise<void> {
    const session = this.record.session!;
    if (packet.qos === 2) return this.fail(REASON.qosNotSupported, "QoS 2 is not offered: publish at QoS 0 or 1.");
    if (session.version === 5 && packet.retain) return this.fail(REASON.retainNotSupported, "Retained messages are not offered.");
    let topic = packet.topic;
    if (session.version === 5) {
      const resolved = resolveAlias(this.aliases(), topic, packet.properties?.topicAlias);
      if (!resolved.ok) return this.fail(REASON.topicAliasInvalid, "Unknown or out-of-range topic alias.");
      if (resolved.learned) this.host.saveAlias(this.record.id, packet.properties!.topicAlias!, resolved.topic);
      topic = resolved.topic;
    }
    const target = topicTarget(topic);
    if (!target.ok && target.reason === "malformed") return this.fail(REASON.topicNameInvalid, "A PUBLISH topic names a stream, and holds no wildcard.");
    if (packet.qos === 1 && session.version === 5 && this.unacked >= RECEIVE_MAXIMUM) {
      return this.fail(REASON.receiveMaximumExceeded, `At most ${RECEIVE_MAXIMUM} QoS 1 publishes unanswered.`);
    }
    const payload = payloadBytes(packet.payload);
    if (this.pendingBytes + payload.length > MAX_PENDING_BYTES) return this.fail(REASON.quotaExceeded, "Too many bytes waiting for their puts.");

    const ack: Ack = { qos: packet.qos, messageId: packet.messageId ?? 0, bytes: payload.length };
    const slot = this.acks.take();
    if (packet.qos === 1) this.unacked++;
    this.pendingBytes += payload.length;
    if (!target.ok) return this.settle(slot, ack, refusal(target.reason === "unknown-stream" ? "DIS.4301" : "DIS.4200", topic));
    if (payload.length > MAX_RECORD_BYTES) return this.settle(slot, ack, refusal("DIS.4200", `Records are at most ${MAX_RECORD_BYTES} bytes.`));

    const { streamName, partitionKey } = target.target;
    const write = () => {
      // The payload is a view of the frame it came in, which nothing writes again.
      const record = { data: payload, receivedAt: now, ...(partitionKey === undefined ? {} : { partitionKey }) };
      void this.host
        .writer(session.identity, streamName)
        .submit(record)
        .then((result) => this.settle(slot, ack, result));
    };
    // Made anew after hibernation: the grants a connection checked live in memory only.
    this.grants ??= new PublishGrants(this.host.bindings, session.identity, recheckIntervalMs(this.host.bindings));
    const granted = this.grants.check(streamName, now);
    const proceed = (check: Awaited<typeof granted>): void => {
      if (check.ok) return write();
      if ("credentialEnded" in check) return this.fail(REASON.notAuthorized, "The connection's credentials no longer hold.");
      this.settle(slot, ack, refusal(check.code, streamName));
    };
    if (granted instanceof Promise) return granted.then(proceed);
    proceed(granted);
  }

  /**
   * Puts the connection's will as a record, as a QoS 1 publish of its topic would be, if the
   * connection may still write there; a will the stream refuses is dropped, with a log line.
   */
  async putWill(topic: string, payload: Uint8Array): Promise<void> {
    const session = this.record.session;
    if (!session) return;
    const target = topicTarget(topic);
    let result: WriteResult;
    if (!target.ok) result = refusal(target.reason === "long-key" ? "DIS.4200" : "DIS.4301", topic);
    else if (payload.length > MAX_RECORD_BYTES) result = refusal("DIS.4200", `Records are at most ${MAX_RECORD_BYTES} bytes.`);
    else {
      const { streamName, partitionKey } = target.target;
      this.grants ??= new PublishGrants(this.host.bindings, session.identity, recheckIntervalMs(this.host.bindings));
      const check = await this.grants.check(streamName, Date.now());
      if (!check.ok) result = refusal("code" in check ? check.code : "DIS.4116", streamName);
      else result = await this.host.writer(session.identity, streamName).submit({ data: payload, receivedAt: Date.now(), ...(partitionKey === undefined ? {} : { partitionKey }) });
    }
    if (!result.ok) console.log(JSON.stringify({ level: "warn", mqtt_connection: this.record.id, client_id: session.clientId, will: topic, error_code: result.code, reason: result.message }));
  }

  /** A publish's put finished: answers what is now free to go, in order. */
  private settle(slot: AckSlot<Ack>, ack: Ack, result: WriteResult): void {
    ack.result = result;
    for (const done of this.acks.settle(slot, ack)) {
      this.pendingBytes -= done.bytes;
      if (done.qos === 1) this.unacked--;
      if (this.closed) continue;
      const answer = ackFor(done, this.version, this.record.session?.problemInfo ?? true);
      if (answer.kind === "puback") this.send(answer.packet);
      else if (answer.kind === "close") this.end(null, `record refused: ${answer.reason}`);
    }
  }
}

function refusal(code: ErrorCode, detail: string): WriteResult {
  return { ok: false, code, message: `${code}: ${detail}` };
}

function payloadBytes(payload: Buffer | string): Uint8Array {
  return typeof payload === "string" ? new TextEncoder().encode(payload) : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}
