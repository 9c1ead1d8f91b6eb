/**
 * The least a put can cost under the local Workers runtime, for `npm run bench`: a worker that
 * reads the request's body and answers, then the same plus one Durable Object call, then the same
 * plus one SQLite row written and made durable in that object. No authentication, no parsing.
 * For devices over MQTT: `/mqtt` hands the WebSocket to an object that holds it with the
 * Hibernation API and answers each MQTT 5 PUBLISH with a PUBACK at once (CONNECT with a CONNACK),
 * reading no more of a packet than its type, length and packet id: what a device's publish costs
 * before anything is done with it.
 */
import { DurableObject } from "cloudflare:workers";

export class FloorLog extends DurableObject {
  next = 0;

  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS rows (sequence INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  }

  call(sizes) {
    return { sequence: this.next++, count: sizes.length };
  }

  async write(data) {
    const sequence = this.next++;
    this.ctx.storage.sql.exec("INSERT INTO rows (sequence, data) VALUES (?, ?)", sequence, data);
    await this.ctx.storage.sync();
    return { sequence };
  }
}

/** The PUBACKs (MQTT 5, reason code omitted: success) for the PUBLISH packets of one frame, and a CONNACK for a CONNECT. */
function answers(bytes) {
  const out = [];
  let at = 0;
  while (at < bytes.length) {
    const type = bytes[at] >> 4;
    let length = 0;
    let shift = 0;
    let i = at + 1;
    for (;;) {
      const b = bytes[i++];
      length |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    if (type === 1) out.push(0x20, 0x03, 0x00, 0x00, 0x00);
    if (type === 3) {
      const topicLength = (bytes[i] << 8) | bytes[i + 1];
      const id = i + 2 + topicLength;
      out.push(0x40, 0x02, bytes[id], bytes[id + 1]);
    }
    at = i + length;
  }
  return new Uint8Array(out);
}

export class FloorGateway extends DurableObject {
  async fetch(request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client, headers: { "sec-websocket-protocol": "mqtt" } });
  }

  webSocketMessage(socket, message) {
    socket.send(answers(new Uint8Array(message)));
  }

  webSocketClose(socket, code) {
    socket.close(code === 1005 || code === 1006 ? 1000 : code);
  }
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/mqtt") return env.GATEWAYS.get(env.GATEWAYS.idFromName(`gateway-${Math.floor(Math.random() * 8)}`)).fetch(request);
    const body = new Uint8Array(await request.arrayBuffer());
    const path = new URL(request.url).pathname;
    const log = env.FLOOR.get(env.FLOOR.idFromName("one"));
    if (path === "/answer") return Response.json({ failed_record_count: 0, bytes: body.length });
    if (path === "/call") return Response.json(await log.call([body.length]));
    if (path === "/write") return Response.json(await log.write(body));
    return new Response("not found", { status: 404 });
  },
};
