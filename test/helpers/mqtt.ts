/** A raw MQTT client over the worker's `/mqtt` WebSocket (packets by mqtt-packet), for tests that need every byte in hand. */
import { exports } from "cloudflare:workers";
import { Buffer } from "node:buffer";
import { generate, parser, type IConnectPacket, type Packet } from "mqtt-packet";
import { signedPassword } from "../../src/mqtt/credentials";
import { DEV_IDENTITY } from "../../src/identity/provision";
import { BASE } from "./http";

export class TestDevice {
  private readonly received: Packet[] = [];
  private wake: (() => void) | null = null;
  /** Resolves with the close code once the server closed the socket. */
  readonly closed: Promise<number>;
  private readonly parser;

  constructor(
    private readonly socket: WebSocket,
    private readonly version: 4 | 5,
  ) {
    this.parser = parser({ protocolVersion: version });
    this.parser.on("packet", (packet: Packet) => {
      this.received.push(packet);
      this.wake?.();
    });
    // Frames are parsed in arrival order, whether the runtime hands them over as ArrayBuffers or Blobs.
    let frames = Promise.resolve();
    socket.addEventListener("message", (event) => {
      const data = event.data as ArrayBuffer | Blob | string;
      frames = frames.then(async () => {
        const bytes = data instanceof Blob ? await data.arrayBuffer() : typeof data === "string" ? new TextEncoder().encode(data) : data;
        this.parser.parse(Buffer.from(bytes as ArrayBuffer));
      });
    });
    this.closed = new Promise((resolve) =>
      socket.addEventListener("close", (event) => {
        // After the frames before it are parsed.
        void frames.then(() => {
          resolve(event.code);
          this.wake?.();
        });
      }),
    );
    socket.accept();
  }

  send(packet: Packet): void {
    this.socket.send(generate(packet, { protocolVersion: this.version }));
  }

  /** The next packet from the server, or null once it closed the connection. */
  async next(timeoutMs = 5000): Promise<Packet | null> {
    const deadline = Date.now() + timeoutMs;
    let closed = false;
    void this.closed.then(() => (closed = true));
    while (this.received.length === 0) {
      if (closed) return null;
      if (Date.now() > deadline) throw new Error("no packet in time");
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return this.received.shift()!;
  }

  /** Raw bytes in one frame: part of a packet, or several. */
  sendBytes(bytes: Uint8Array): void {
    this.socket.send(bytes);
  }

  sendText(text: string): void {
    this.socket.send(text);
  }

  close(): void {
    this.socket.close(1000);
  }
}

export interface OpenOptions {
  version?: 4 | 5;
  address?: string;
  projectHint?: string;
}

/** Opens a WebSocket to `/mqtt` (from `address`, as Cloudflare would name it). */
export async function openDevice(options: OpenOptions = {}): Promise<TestDevice> {
  const url = new URL("/mqtt", BASE);
  if (options.projectHint) url.searchParams.set("project_id", options.projectHint);
  const response = await exports.default.fetch(
    new Request(url, { headers: { upgrade: "websocket", "sec-websocket-protocol": "mqtt", "cf-connecting-ip": options.address ?? "198.51.100.1" } }),
  );
  if (response.status !== 101 || !response.webSocket) throw new Error(`no upgrade: ${response.status} ${await response.text()}`);
  return new TestDevice(response.webSocket, options.version ?? 5);
}

/** A CONNECT signed with an access key (the dev identity's unless told). */
export async function signedConnect(clientId: string, keys = { ak: DEV_IDENTITY.accessKey, sk: DEV_IDENTITY.secretKey }, at = Date.now(), version: 4 | 5 = 5): Promise<IConnectPacket> {
  const password = Buffer.from(await signedPassword(keys.sk, clientId, Math.floor(at / 1000)));
  return { cmd: "connect", protocolVersion: version, clientId, clean: true, keepalive: 60, username: keys.ak, password };
}
