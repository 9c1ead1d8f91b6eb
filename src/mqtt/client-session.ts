/**
 * One client id's session (session-state.ts), an object per `<project_id>/<client id>`: who holds it,
 * whether it outlives the connection. Ended sessions delete themselves by alarm.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { claim, expiresAt, release, type Claim, type ClaimRequest, type SessionRecord } from "./session-state";

const KEY = "session";

export class ClientSession extends DurableObject<Env> {
  private async load(): Promise<SessionRecord | null> {
    return (await this.ctx.storage.get<SessionRecord>(KEY)) ?? null;
  }

  /** Hands the client id to a new connection; says whether its MQTT state was present and which connection held it. */
  async claim(request: ClaimRequest): Promise<Omit<Claim, "record">> {
    const result = claim(await this.load(), request, Date.now());
    await this.ctx.storage.put(KEY, result.record);
    await this.ctx.storage.deleteAlarm();
    return { sessionPresent: result.sessionPresent, previous: result.previous };
  }

  /** The connection that held the client id ended. */
  async release(connection: string): Promise<void> {
    const before = await this.load();
    const after = release(before, connection, Date.now());
    if (after === before) return;
    if (after === null) {
      await this.ctx.storage.deleteAll();
      return;
    }
    await this.ctx.storage.put(KEY, after);
    const end = expiresAt(after);
    if (end !== null) await this.ctx.storage.setAlarm(end);
  }

  override async alarm(): Promise<void> {
    const record = await this.load();
    const end = record ? expiresAt(record) : null;
    if (end !== null && end <= Date.now()) await this.ctx.storage.deleteAll();
  }
}
