/**
 * `dis tail <stream>`: a stream's records, from all partitions or one, from where `--from`
 * says (or after the app's checkpoint), printed as they are read. Without `--follow` it stops
 * at each partition's end; with it, it stays on: a live push subscription per partition
 * (README "Live push"), or polling where the service answers the subscribe upgrade with an
 * error status (a service without live push). With `--app` and `--commit` it checkpoints as it goes.
 */
import type WebSocket from "ws";
import { DisRefusal, type DisApi } from "../client/api";
import { UsageError } from "./config";

export type Format = "raw" | "json" | "hex" | "base64";

export interface TailOptions {
  partition?: number;
  from?: string;
  follow: boolean;
  /** With `follow`: a live subscription where the service has one (else polling). */
  push: boolean;
  format: Format;
  app?: string;
  commit: boolean;
  /** Stops once this many records were printed (tests, samples). */
  max?: number;
}

interface WireRecord {
  sequence_number: string;
  data: string;
  timestamp: number;
  partition_key?: string;
}

/** Where reading starts: a cursor type and its argument. */
export interface Start {
  type: "TRIM_HORIZON" | "LATEST" | "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "AT_TIMESTAMP";
  sequence?: string;
  timestamp?: number;
}

/** `trim-horizon`, `latest`, `seq:N` (at N), `time:ISO` (at or after that time). */
export function parseFrom(text: string): Start {
  if (text === "trim-horizon") return { type: "TRIM_HORIZON" };
  if (text === "latest") return { type: "LATEST" };
  const seq = /^seq:(\d+)$/.exec(text);
  if (seq) return { type: "AT_SEQUENCE_NUMBER", sequence: seq[1]! };
  const time = /^time:(.+)$/.exec(text);
  if (time) {
    const at = Date.parse(time[1]!);
    if (!Number.isNaN(at)) return { type: "AT_TIMESTAMP", timestamp: at };
  }
  throw new UsageError(`--from ${text}: trim-horizon, latest, seq:N or time:ISO-8601 expected.`);
}

/** One record as `format` prints it (a line, without its newline, except raw: the bytes themselves). */
export function formatRecord(partition: number, r: WireRecord, format: Format): Buffer {
  const data = Buffer.from(r.data, "base64");
  if (format === "raw") return data;
  if (format === "hex") return Buffer.from(data.toString("hex"));
  if (format === "base64") return Buffer.from(r.data);
  // UTF-8 text as it is; anything else (the decoding would not round-trip) as base64.
  const text = data.toString("utf8");
  const body: Record<string, string> = Buffer.from(text, "utf8").equals(data) ? { data: text } : { data_base64: r.data };
  return Buffer.from(
    JSON.stringify({
      partition_id: partition,
      sequence_number: r.sequence_number,
      timestamp: r.timestamp,
      time: new Date(r.timestamp).toISOString(),
      ...(r.partition_key !== undefined ? { partition_key: r.partition_key } : {}),
      ...body,
    }),
  );
}

export class Tail {
  private stopped = false;
  private printed = 0;
  private readonly sockets = new Set<WebSocket>();
  private resolveStop: () => void = () => {};
  private readonly stopSignal = new Promise<void>((r) => (this.resolveStop = r));

  constructor(
    private readonly api: DisApi,
    private readonly stream: string,
    private readonly options: TailOptions,
    private readonly out: NodeJS.WritableStream = process.stdout,
  ) {
    if (options.commit && !options.app) throw new UsageError("--commit needs --app.");
  }

  /** Ends every partition's reading (Ctrl-C): open subscriptions close after their last commit. */
  stop(): void {
    this.stopped = true;
    // After the frame in hand: its ack or commit goes out before the close.
    setImmediate(() => {
      for (const socket of this.sockets) socket.close(1000);
    });
    this.resolveStop();
  }

  async run(): Promise<number> {
    const partitions = this.options.partition !== undefined ? [this.options.partition] : await this.readablePartitions();
    await Promise.all(partitions.map((p) => this.partition(p)));
    return this.printed;
  }

  private async readablePartitions(): Promise<number[]> {
    const found: number[] = [];
    let start: string | undefined;
    for (;;) {
      const page = await this.api.call<{ partitions: { partition_id: string; status: string }[]; has_more_partitions: boolean }>("GET", `/streams/${encodeURIComponent(this.stream)}`, {
        query: { limit_partitions: 1000, start_partition_id: start },
      });
      for (const p of page.partitions) if (p.status !== "EXPIRED") found.push(Number(p.partition_id.replace(/^shardId-/, "")));
      if (!page.has_more_partitions || page.partitions.length === 0) return found;
      start = page.partitions.at(-1)!.partition_id;
    }
  }

  private async startOf(partition: number): Promise<Start> {
    if (this.options.from) return parseFrom(this.options.from);
    if (this.options.app) {
      const checkpoint = await this.api.call<{ sequence_number: string }>("GET", "/checkpoints", {
        query: { app_name: this.options.app, stream_name: this.stream, partition_id: String(partition), checkpoint_type: "LAST_READ" },
      });
      if (checkpoint.sequence_number !== "-1") return { type: "AFTER_SEQUENCE_NUMBER", sequence: checkpoint.sequence_number };
    }
    return this.options.follow ? { type: "LATEST" } : { type: "TRIM_HORIZON" };
  }

  private async partition(partition: number): Promise<void> {
    const start = await this.startOf(partition);
    if (this.options.follow && this.options.push && (await this.subscribe(partition, start))) return;
    await this.poll(partition, start);
  }

  /** Prints records until stopped (Ctrl-C, or `--max` reached); returns the last one printed. */
  private print(partition: number, records: readonly WireRecord[]): WireRecord | undefined {
    let last: WireRecord | undefined;
    for (const r of records) {
      if (this.stopped) break;
      this.out.write(formatRecord(partition, r, this.options.format));
      this.out.write("\n");
      last = r;
      this.printed += 1;
      if (this.options.max !== undefined && this.printed >= this.options.max) this.stop();
    }
    return last;
  }

  private async commit(partition: number, sequence: string): Promise<void> {
    await this.api.call("POST", "/checkpoints", {
      body: { app_name: this.options.app, stream_name: this.stream, partition_id: String(partition), sequence_number: sequence, checkpoint_type: "LAST_READ" },
    });
  }

  private cursorQuery(partition: number, start: Start) {
    return {
      "stream-name": this.stream,
      "partition-id": String(partition),
      "cursor-type": start.type,
      "starting-sequence-number": start.sequence,
      timestamp: start.timestamp,
    };
  }

  private async poll(partition: number, start: Start): Promise<void> {
    let cursor = (await this.api.call<{ partition_cursor: string }>("GET", "/cursors", { query: this.cursorQuery(partition, start) })).partition_cursor;
    while (!this.stopped) {
      const got = await this.api.call<{ records: WireRecord[]; next_partition_cursor: string }>("GET", "/records", { query: { "partition-cursor": cursor } });
      // A checkpoint names the last record printed, never one left unprinted by a stop.
      const last = this.print(partition, got.records);
      if (last && this.options.commit) await this.commit(partition, last.sequence_number);
      if (got.next_partition_cursor) cursor = got.next_partition_cursor;
      if (got.records.length > 0) continue;
      if (!this.options.follow || !got.next_partition_cursor) return;
      await Promise.race([new Promise((r) => setTimeout(r, 1000)), this.stopSignal]);
    }
  }

  /** Reads over a live subscription; false when the service has none (the caller polls instead). */
  private subscribe(partition: number, start: Start): Promise<boolean> {
    const query = { ...this.cursorQuery(partition, start), ...(this.options.commit ? { app_name: this.options.app } : {}) };
    const socket = this.api.socket("/records/subscribe", query, "dis-records");
    this.sockets.add(socket);
    return new Promise<boolean>((resolve, reject) => {
      socket.on("unexpected-response", (_request, response) => {
        this.sockets.delete(socket);
        socket.terminate();
        // A service without live push: poll.
        if (response.statusCode === 404 || response.statusCode === 405) resolve(false);
        else reject(new Error(`The subscription's upgrade was answered ${response.statusCode}.`));
      });
      socket.on("message", (raw) => {
        const frame = JSON.parse(raw.toString()) as { type: string; records?: WireRecord[]; error_code?: string; error_msg?: string };
        if (frame.type === "records" && frame.records) {
          const last = this.print(partition, frame.records);
          if (last && socket.readyState === socket.OPEN) {
            socket.send(JSON.stringify({ action: this.options.commit ? "commit" : "ack", sequence_number: last.sequence_number }));
          }
        } else if (frame.type === "error") {
          reject(new DisRefusal(400, frame.error_code ?? "DIS.5000", frame.error_msg ?? ""));
        }
      });
      socket.on("close", () => {
        this.sockets.delete(socket);
        resolve(true);
      });
      socket.on("error", (error) => reject(error));
    });
  }
}
