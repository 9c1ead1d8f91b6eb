/**
 * A connection's subscriptions (README "Live push", MQTT): each topic filter holds one record feed
 * per partition it names (record-feed.ts); records go out as PUBLISH at the granted QoS (0 or 1),
 * and a feed's frame is acknowledged to the partition log (or committed, for an app) once the
 * device has all of it: at once at QoS 0, on its PUBACKs at QoS 1. The partition log's window
 * bounds what a slow device has outstanding.
 */
import { Buffer } from "node:buffer";
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import { DisError } from "../errors/dis-error";
import type { Caller } from "../http/context";
import { streamForCaller } from "../policies/access";
import { callerMay } from "../auth/authorize";
import { committingApp } from "../push/open";
import type { SubscriptionStart } from "../push/subscribers";
import { parsePartitionId, partitionId } from "../streams/partitions";
import type { IPublishPacket, ISubscribePacket, ProtocolVersion } from "./packets";
import { REASON } from "./reason-codes";
import { RecordFeed, type FedRecord } from "./record-feed";
import { deliveredTopic, filterTarget, type FilterTarget } from "./topics";

/** Frames of records a feed may have at the device before it acknowledges them. */
const FEED_WINDOW = 2;

interface Frame {
  last: number;
  /** QoS 1 publishes of the frame not yet answered by a PUBACK. */
  outstanding: number;
}

interface Feed {
  feed: RecordFeed | null;
  topic: string;
  partitionId: string;
  qos: 0 | 1;
  commits: boolean;
  frames: Frame[];
}

export interface SubscriberHost {
  readonly bindings: Env;
  readonly caller: Caller;
  readonly version: ProtocolVersion;
  publish(packet: IPublishPacket): void;
  /** A feed ended by its partition (a scale-in's end, the stream deleted, a grant gone): the reason, for the log. */
  feedEnded(filter: string, why: string): void;
}

/** SUBACK codes of refusals, by DIS error. */
function refusalCode(code: ErrorCode, version: ProtocolVersion): number {
  if (version === 4) return 0x80;
  if (code === "DIS.4116" || code === "DIS.4117") return REASON.notAuthorized;
  return REASON.unspecified;
}

export class Subscriptions {
  private readonly filters = new Map<string, Feed[]>();
  private readonly inFlight = new Map<number, { feed: Feed; frame: Frame }>();
  private nextId = 0;

  constructor(private readonly host: SubscriberHost) {}

  /** Subscribes each filter of a SUBSCRIBE; returns the SUBACK's codes and, for MQTT 5, the first refusal's reason. */
  async subscribe(packet: ISubscribePacket): Promise<{ granted: number[]; reason?: string }> {
    const granted: number[] = [];
    let reason: string | undefined;
    for (const { topic, qos } of packet.subscriptions) {
      const outcome = await this.subscribeOne(topic, qos >= 1 ? 1 : 0);
      if (outcome.ok) {
        granted.push(outcome.qos);
      } else {
        granted.push(outcome.code);
        reason ??= outcome.reason;
      }
    }
    return reason === undefined ? { granted } : { granted, reason };
  }

  private async subscribeOne(filter: string, qos: 0 | 1): Promise<{ ok: true; qos: number } | { ok: false; code: number; reason: string }> {
    const target = filterTarget(filter);
    if (!target) {
      const reason = "Topic filters are <stream_name>/#, or <stream_name>/$partition/<partition_id>, optionally after $app/<app_name>/.";
      return { ok: false, code: this.host.version === 5 ? 0x8f : 0x80, reason };
    }
    this.unsubscribeOne(filter);
    const feeds: Feed[] = [];
    try {
      const starts = await this.starts(target);
      for (const start of starts) {
        const feed: Feed = { feed: null, topic: deliveredTopic(target, start.partitionId), partitionId: start.partitionId, qos, commits: start.app !== undefined, frames: [] };
        const opened = await RecordFeed.open(this.host.bindings, start, {
          records: (records) => this.deliver(feed, records),
          ended: (why) => this.host.feedEnded(filter, `${start.partitionId}: ${why}`),
        });
        if (!opened.ok) throw new DisError(opened.code, opened.message);
        feed.feed = opened.feed;
        feeds.push(feed);
      }
    } catch (error) {
      for (const f of feeds) f.feed?.close();
      if (!(error instanceof DisError)) throw error;
      return { ok: false, code: refusalCode(error.code, this.host.version), reason: `${error.code} ${error.message}` };
    }
    this.filters.set(filter, feeds);
    return { ok: true, qos };
  }

  /** Where each partition's feed starts: LATEST, or after the app's checkpoint. */
  private async starts(target: FilterTarget): Promise<SubscriptionStart[]> {
    const { bindings: env, caller } = this.host;
    if (!(await callerMay(env, caller, "dis:records:read"))) throw new DisError("DIS.4116", "The caller may not dis:records:read.");
    const { stream, granted } = await streamForCaller(env, caller, target.streamName, undefined, "getRecords");
    let indexes: number[];
    if (target.partition === null) {
      indexes = [...stream.statuses].filter(([, status]) => status !== "EXPIRED").map(([index]) => index);
    } else {
      const index = parsePartitionId(target.partition);
      if (index === null) throw new DisError("DIS.4201", target.partition);
      if (!stream.statuses.has(index)) throw new DisError("DIS.4302", partitionId(index));
      indexes = [index];
    }
    const app = target.appName === undefined ? undefined : await committingApp(env, caller, target.appName, stream.id);
    return indexes.map((index) => ({
      streamId: stream.id,
      partitionId: partitionId(index),
      start: { type: "LATEST" },
      fromCheckpoint: app !== undefined,
      caller,
      granted,
      window: FEED_WINDOW,
      protocol: null,
      ...(app ? { app } : {}),
    }));
  }

  /** Returns the UNSUBACK code of each filter: success, or no subscription existed. */
  unsubscribe(filters: string[]): number[] {
    return filters.map((filter) => (this.unsubscribeOne(filter) ? 0x00 : 0x11));
  }

  private unsubscribeOne(filter: string): boolean {
    const feeds = this.filters.get(filter);
    if (!feeds) return false;
    this.filters.delete(filter);
    for (const feed of feeds) {
      feed.feed?.close();
      feed.feed = null;
    }
    for (const [id, held] of this.inFlight) if (feeds.includes(held.feed)) this.inFlight.delete(id);
    return true;
  }

  /** A PUBACK of a delivered record. */
  puback(messageId: number): void {
    const held = this.inFlight.get(messageId);
    if (!held) return;
    this.inFlight.delete(messageId);
    held.frame.outstanding--;
    this.settle(held.feed);
  }

  closeAll(): void {
    for (const filter of [...this.filters.keys()]) this.unsubscribeOne(filter);
  }

  private deliver(feed: Feed, records: FedRecord[]): void {
    if (!feed.feed || records.length === 0) return;
    const frame: Frame = { last: records[records.length - 1]!.sequence, outstanding: 0 };
    feed.frames.push(frame);
    for (const record of records) {
      const packet: IPublishPacket = { cmd: "publish", topic: feed.topic, payload: Buffer.from(record.data), qos: feed.qos, dup: false, retain: false };
      if (feed.qos === 1) {
        packet.messageId = this.takeId();
        this.inFlight.set(packet.messageId, { feed, frame });
        frame.outstanding++;
      }
      if (this.host.version === 5) {
        const userProperties: Record<string, string> = { sequence_number: String(record.sequence), partition_id: feed.partitionId, timestamp: String(record.timestamp) };
        if (record.partitionKey !== undefined) userProperties.partition_key = record.partitionKey;
        packet.properties = { userProperties };
      }
      this.host.publish(packet);
    }
    this.settle(feed);
  }

  /** Acknowledges (or commits) the frames the device now has all of, oldest first. */
  private settle(feed: Feed): void {
    while (feed.frames[0]?.outstanding === 0) {
      const frame = feed.frames.shift()!;
      if (feed.commits) feed.feed?.commit(frame.last);
      else feed.feed?.ack(frame.last);
    }
  }

  private takeId(): number {
    do this.nextId = (this.nextId % 65535) + 1;
    while (this.inFlight.has(this.nextId));
    return this.nextId;
  }
}
