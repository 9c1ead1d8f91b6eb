/**
 * The least a put can cost under the local Workers runtime, for `npm run bench`: a worker that
 * reads the request's body and answers, then the same plus one Durable Object call, then the same
 * plus one SQLite row written and made durable in that object. No authentication, no parsing.
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

export default {
  async fetch(request, env) {
    const body = new Uint8Array(await request.arrayBuffer());
    const path = new URL(request.url).pathname;
    const log = env.FLOOR.get(env.FLOOR.idFromName("one"));
    if (path === "/answer") return Response.json({ failed_record_count: 0, bytes: body.length });
    if (path === "/call") return Response.json(await log.call([body.length]));
    if (path === "/write") return Response.json(await log.write(body));
    return new Response("not found", { status: 404 });
  },
};
