/**
 * A partition log's live subscribers (README "Live push"): each holds a hibernatable WebSocket on
 * the partition log object, whose attachment keeps its position and flow, so an idle subscriber
 * costs nothing and one that falls behind costs a position. The log wakes them once a write is
 * durable; each is sent its records in order, backlog first, from where it stands, in frames of
 * at most FRAME_RECORDS records and FRAME_BYTES of data, while its window has room.
 */
import type { Env } from "../env";
import type { Outcome } from "../errors/dis-error";
import { disError, type DisError } from "../errors/dis-error";
import type { Caller } from "../http/context";
import type { CursorType } from "../partition/positions";
import type { ReadLimits, Taken } from "../partition/log-reader";
import { policyAllows } from "../policies/access";
import { envNumber } from "../util/env-number";
import { hasRoom, noteAck, noteSent, type Flow } from "./flow";
import {
  CLOSE_ENDED,
  closeCodeOf,
  closeReason,
  committedFrame,
  endFrame,
  endReason,
  errorFrame,
  errorOf,
  parseClientMessage,
  recordsFrame,
  subscribedFrame,
} from "./frames";

export const FRAME_RECORDS = 1000;
export const FRAME_BYTES = 1024 * 1024;
/** The WebSocket tag of subscribers on a partition log object. */
const TAG = "push";

/** What the worker hands the partition log with a subscriber's upgrade (in SUBSCRIPTION_HEADER). */
export const SUBSCRIPTION_HEADER = "x-dis-subscription";
export interface SubscriptionStart {
  streamId: string;
  partitionId: string;
  start: { type: CursorType; sequence?: number; timestamp?: number };
  /** Start right after the app's checkpoint, where it has one. */
  fromCheckpoint: boolean;
  /** The app whose checkpoint the subscriber commits. */
  app?: { id: string; name: string };
  caller: Caller;
  /** Reached through another account's stream policy: re-checked while the subscription lasts. */
  granted: boolean;
  window: number;
  /** The subprotocol to answer, when the client offered it. */
  protocol: string | null;
}

/** A subscriber's state, in its socket's attachment. */
interface Subscription {
  streamId: string;
  partitionId: string;
  flow: Flow;
  app?: { id: string; name: string };
  caller: Caller;
  granted: boolean;
  /** When the stream policy was last found to grant the caller (granted subscriptions). */
  grantCheckedAt: number;
}

/** What subscribers need of their partition log. */
export interface PushedLog {
  range(): { earliest: number; next: number };
  take(from: number, limits: ReadLimits): Promise<Taken>;
  position(type: CursorType, sequence?: number, timestamp?: number): Promise<Outcome<number>>;
  /** The app's committed sequence number, or null. */
  checkpointOf(appId: string): number | null;
  commit(appId: string, sequence: number, metadata: string): Outcome<null>;
  /** Records `count` records of `bytes` delivered, as reads in the metrics. */
  delivered(count: number, bytes: number): void;
  /** Once the partition takes no more writes (a scale-in): the partitions its keys went to; else null. */
  children(): readonly string[] | null;
  erased(): boolean;
}

export function grantRecheckMs(env: Env): number {
  return envNumber(env.PUSH_GRANT_RECHECK_SECONDS, 60, 0) * 1000;
}

export class Subscribers {
  private readonly known = new WeakMap<WebSocket, Subscription>();
  private readonly pumping = new WeakSet<WebSocket>();
  /** Woken while its pump ran: it runs once more. */
  private readonly again = new WeakSet<WebSocket>();

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly log: PushedLog,
  ) {}

  /** Takes a subscriber's upgrade: resolves where it starts, sends what is there, and holds it. */
  async accept(start: SubscriptionStart): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    const headers: Record<string, string> = start.protocol ? { "sec-websocket-protocol": start.protocol } : {};
    const committed = start.fromCheckpoint && start.app ? this.log.checkpointOf(start.app.id) : null;
    const position =
      committed !== null ? await this.log.position("AFTER_SEQUENCE_NUMBER", committed) : await this.log.position(start.start.type, start.start.sequence, start.start.timestamp);
    if (!position.ok) {
      server.accept();
      refuse(server, errorOf(position));
      return new Response(null, { status: 101, webSocket: client, headers });
    }
    const subscription: Subscription = {
      streamId: start.streamId,
      partitionId: start.partitionId,
      flow: { next: position.value, unacked: [], window: start.window },
      caller: start.caller,
      granted: start.granted,
      grantCheckedAt: Date.now(),
      ...(start.app ? { app: start.app } : {}),
    };
    this.ctx.acceptWebSocket(server, [TAG]);
    this.save(server, subscription);
    server.send(subscribedFrame({ partitionId: start.partitionId, start: position.value, window: start.window, appName: start.app?.name }));
    void this.pump(server);
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** Records became durable, or the partition closed: every subscriber with room gets what it has not had. */
  wake(): void {
    for (const socket of this.ctx.getWebSockets(TAG)) void this.pump(socket);
  }

  /** The stream was deleted: every subscription ends. */
  endAll(error: DisError): void {
    for (const socket of this.ctx.getWebSockets(TAG)) refuse(socket, error);
  }

  /** A subscriber's ack or checkpoint commit. */
  async message(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const subscription = this.subscriptionOf(socket);
    if (!subscription) return;
    if (typeof data !== "string") return send(socket, errorFrame(disError("DIS.4200", "Messages are JSON text frames.")));
    const parsed = parseClientMessage(data);
    if (!parsed.ok) return send(socket, errorFrame(errorOf(parsed)));
    const message = parsed.value;
    if (message.action === "commit") {
      if (!subscription.app) return send(socket, errorFrame(disError("DIS.4200", "Commits need the subscription's app_name.")));
      const committed = this.log.commit(subscription.app.id, message.sequence, message.metadata);
      if (!committed.ok) return send(socket, errorFrame(errorOf(committed)));
      send(socket, committedFrame(message.sequence));
      // A commit of what was delivered acknowledges it too.
      if (message.sequence < subscription.flow.next) noteAck(subscription.flow, message.sequence);
    } else {
      const acked = noteAck(subscription.flow, message.sequence);
      if (!acked.ok) return send(socket, errorFrame(errorOf(acked)));
    }
    this.save(socket, subscription);
    await this.pump(socket);
  }

  private subscriptionOf(socket: WebSocket): Subscription | null {
    let subscription = this.known.get(socket);
    if (!subscription) {
      subscription = (socket.deserializeAttachment() as Subscription | null) ?? undefined;
      if (!subscription) return null;
      this.known.set(socket, subscription);
    }
    return subscription;
  }

  private save(socket: WebSocket, subscription: Subscription): void {
    this.known.set(socket, subscription);
    socket.serializeAttachment(subscription);
  }

  /** Sends a subscriber what it may have now; one pump per subscriber at a time, so frames never interleave. */
  private async pump(socket: WebSocket): Promise<void> {
    if (this.pumping.has(socket)) {
      this.again.add(socket);
      return;
    }
    this.pumping.add(socket);
    try {
      do {
        this.again.delete(socket);
        await this.deliver(socket);
      } while (this.again.has(socket));
    } catch (error) {
      console.error("push to a subscriber failed", error);
      refuse(socket, disError("DIS.5000"));
    } finally {
      this.pumping.delete(socket);
    }
  }

  private async deliver(socket: WebSocket): Promise<void> {
    const subscription = this.subscriptionOf(socket);
    if (!subscription || socket.readyState !== WebSocket.OPEN) return;
    const flow = subscription.flow;
    while (hasRoom(flow)) {
      if (this.log.erased()) return refuse(socket, disError("DIS.4301", "The stream was deleted."));
      const { earliest, next } = this.log.range();
      if (flow.next < earliest) return refuse(socket, disError("DIS.4226", `Records before ${earliest} expired before they were delivered.`));
      if (flow.next >= next) {
        const children = this.log.children();
        if (children !== null) {
          send(socket, endFrame(subscription.partitionId, children));
          close(socket, CLOSE_ENDED, endReason(children));
        }
        return;
      }
      if (subscription.granted && Date.now() - subscription.grantCheckedAt >= grantRecheckMs(this.env)) {
        if (!(await policyAllows(this.env, subscription.caller, subscription.streamId, "getRecords"))) {
          return refuse(socket, disError("DIS.4116", "No stream policy grants the caller this stream any more."));
        }
        subscription.grantCheckedAt = Date.now();
      }
      const taken = await this.log.take(flow.next, { maxBytes: FRAME_BYTES, maxRecords: FRAME_RECORDS });
      const first = taken.records[0];
      if (!first) return;
      // Retention may have dropped records while they were read: never skip past them.
      if (first.sequence !== flow.next) return refuse(socket, disError("DIS.4226", `Record ${flow.next} expired before it was delivered.`));
      if (socket.readyState !== WebSocket.OPEN) return;
      send(socket, recordsFrame(taken.records));
      noteSent(flow, taken.records[taken.records.length - 1]!.sequence);
      this.log.delivered(taken.records.length, taken.bytes);
      this.save(socket, subscription);
    }
  }
}

function send(socket: WebSocket, text: string): void {
  try {
    socket.send(text);
  } catch {
    // closed meanwhile: its close event ends it
  }
}

function close(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // already closed
  }
}

/** Ends a subscription for a DIS error: the error's body in a frame, then its close code and code as the reason. */
export function refuse(socket: WebSocket, error: DisError): void {
  send(socket, errorFrame(error));
  close(socket, closeCodeOf(error.code), closeReason(`${error.code} ${error.message}`));
}
