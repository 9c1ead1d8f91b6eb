/** A subscriber over the worker's subscribe WebSocket, holding every frame in hand, for tests in the Workers runtime. */
import { exports } from "cloudflare:workers";
import { PROJECT, request, type CallOptions } from "./http";

export interface Frame {
  type: string;
  [field: string]: any;
}

export class TestSubscriber {
  private readonly frames: Frame[] = [];
  private wake: (() => void) | null = null;
  /** The close code and reason, once the server closed the socket. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private isClosed = false;

  constructor(
    private readonly socket: WebSocket,
    /** The subprotocol the server answered. */
    readonly protocol: string | null,
  ) {
    socket.addEventListener("message", (event) => {
      this.frames.push(JSON.parse(String(event.data)) as Frame);
      this.wake?.();
    });
    this.closed = new Promise((resolve) =>
      socket.addEventListener("close", (event) => {
        this.isClosed = true;
        resolve({ code: event.code, reason: event.reason });
        this.wake?.();
      }),
    );
    socket.accept();
  }

  /** The next frame, or null once the server closed the socket with none left. */
  async next(timeoutMs = 5000): Promise<Frame | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.isClosed) return null;
      if (Date.now() > deadline) throw new Error("no frame in time");
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 20);
      });
    }
    return this.frames.shift()!;
  }

  /** Frames that arrive within `ms` (none expected, for flow control). */
  async quietFor(ms: number): Promise<Frame[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.frames.splice(0);
  }

  /** Records frames until `count` records arrived; returns the records. */
  async records(count: number, timeoutMs = 5000): Promise<any[]> {
    const records: any[] = [];
    while (records.length < count) {
      const frame = await this.next(timeoutMs);
      if (frame === null) throw new Error(`closed after ${records.length} of ${count} records`);
      if (frame.type !== "records") throw new Error(`expected records, got ${JSON.stringify(frame)}`);
      records.push(...frame.records);
    }
    return records;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  ack(sequence: number | string): void {
    this.send({ action: "ack", sequence_number: String(sequence) });
  }

  close(): void {
    this.socket.close(1000);
  }
}

/** Opens a subscription (signed as `call` signs, or with the options' token) with this query, under `project`. */
export async function subscribe(query: Record<string, string>, options: CallOptions & { project?: string } = {}): Promise<TestSubscriber> {
  const path = `/v2/${options.project ?? PROJECT}/records/subscribe?${new URLSearchParams(query)}`;
  const headers = { upgrade: "websocket", "sec-websocket-protocol": "dis-records", ...options.headers };
  const response = await exports.default.fetch(await request("GET", path, { ...options, headers }));
  if (response.status !== 101 || !response.webSocket) throw new Error(`no upgrade: ${response.status} ${await response.text()}`);
  return new TestSubscriber(response.webSocket, response.headers.get("sec-websocket-protocol"));
}

/** A subscription the server refuses: its error frame and close. */
export async function refused(query: Record<string, string>, options: CallOptions & { project?: string } = {}) {
  const subscriber = await subscribe(query, options);
  const frame = await subscriber.next();
  const close = await subscriber.closed;
  return { frame, ...close };
}
