/**
 * MQTT packets, parsed and built by mqtt-packet (the codec under mqtt.js and aedes). A connection's
 * bytes may split or join packets at any WebSocket frame boundary (MQTT 5 §6): the reader keeps
 * what is left of a packet for the next frame.
 */
import { Buffer } from "node:buffer";
import { generate, parser, type Packet } from "mqtt-packet";

export type { IConnectPacket, IDisconnectPacket, IPublishPacket, ISubscribePacket, Packet } from "mqtt-packet";

export type ProtocolVersion = 3 | 4 | 5;

export type ReadResult = { ok: true; packets: Packet[] } | { ok: false; reason: string };

export class PacketReader {
  private readonly parser;
  private packets: Packet[] = [];
  private failure: string | null = null;
  private buffered = 0;

  /** `version`: the connection's protocol, once CONNECT told it (a reader made anew after hibernation needs it). */
  constructor(version?: ProtocolVersion) {
    this.parser = parser(version === undefined ? {} : { protocolVersion: version });
    this.parser.on("packet", (packet: Packet) => this.packets.push(packet));
    this.parser.on("error", (error: Error) => (this.failure ??= error.message));
  }

  /** Bytes of a packet not yet complete. */
  get pending(): number {
    return this.buffered;
  }

  /** Takes the next frame's bytes; returns the packets they complete, in order. */
  push(bytes: Uint8Array): ReadResult {
    this.buffered = this.parser.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const packets = this.packets;
    this.packets = [];
    if (this.failure !== null) return { ok: false, reason: this.failure };
    return { ok: true, packets };
  }
}

/** The packet's bytes in the connection's protocol version. */
export function encodePacket(packet: Packet, version: ProtocolVersion): Uint8Array {
  return generate(packet, { protocolVersion: version });
}
