/**
 * One partition's records for an MQTT subscriber: the gateway subscribes to the partition log as
 * any subscriber does (push/subscribers.ts), over a WebSocket between the two objects, and hands
 * each records frame on; it acks (or commits, for an app) once the device has what a frame held.
 */
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import { handOver } from "../push/open";
import { decodeBase64 } from "../util/base64";
import type { SubscriptionStart } from "../push/subscribers";

export interface FedRecord {
  sequence: number;
  data: Uint8Array;
  partitionKey?: string;
  timestamp: number;
}

export type FeedOpening = { ok: true; feed: RecordFeed } | { ok: false; code: ErrorCode; message: string };

export interface FeedHandlers {
  records(records: FedRecord[]): void;
  /** The partition ended the feed: its end after a scale-in (children named), or an error. */
  ended(why: string): void;
}

export class RecordFeed {
  private closed = false;

  private constructor(private readonly socket: WebSocket) {}

  /** Opens the feed; resolves once the partition log took it (or refused it). */
  static open(env: Env, start: SubscriptionStart, handlers: FeedHandlers): Promise<FeedOpening> {
    return new Promise((resolve, reject) => {
      let opened: RecordFeed | null = null;
      let refusal: { code: ErrorCode; message: string } | null = null;
      void handOver(env, start)
        .then((response) => {
          const socket = response.webSocket;
          if (!socket) return reject(new Error(`the partition log answered ${response.status}`));
          socket.accept();
          socket.addEventListener("message", (event) => {
            const frame = JSON.parse(String(event.data)) as Record<string, any>;
            if (frame.type === "subscribed") {
              opened = new RecordFeed(socket);
              resolve({ ok: true, feed: opened });
            } else if (frame.type === "records") {
              handlers.records(
                (frame.records as Record<string, any>[]).map((r) => ({
                  sequence: Number(r.sequence_number),
                  data: decodeBase64(r.data) ?? new Uint8Array(),
                  timestamp: r.timestamp,
                  ...(r.partition_key === undefined ? {} : { partitionKey: r.partition_key }),
                })),
              );
            } else if (frame.type === "error") {
              refusal = { code: frame.error_code, message: frame.error_msg };
            } else if (frame.type === "end") {
              refusal = null;
            }
          });
          socket.addEventListener("close", (event) => {
            if (opened === null) return resolve({ ok: false, ...(refusal ?? { code: "DIS.5000", message: "The partition log closed the subscription." }) });
            if (opened.closed) return;
            opened.closed = true;
            handlers.ended(refusal ? `${refusal.code} ${refusal.message}` : event.reason);
          });
        })
        .catch(reject);
    });
  }

  /** The device has every record through `sequence`. */
  ack(sequence: number): void {
    this.tell({ action: "ack", sequence_number: String(sequence) });
  }

  /** The device has every record through `sequence`: the app's checkpoint moves there. */
  commit(sequence: number): void {
    this.tell({ action: "commit", sequence_number: String(sequence) });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close(1000, "unsubscribed");
    } catch {
      // already closed
    }
  }

  private tell(message: unknown): void {
    if (this.closed) return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch {
      // closed meanwhile: its close event ends the feed
    }
  }
}
