/**
 * Whether a connection may put into a stream: `dis:records:write` on its project and the stream
 * there, checked on the first publish to the stream and again once the check is older than the
 * recheck interval (MQTT_GRANT_RECHECK_SECONDS, 60 s). With the isolate's own caches (60 s for
 * grants and access keys), a revoked grant or a disabled access key stops a connection's puts
 * within twice that interval at most.
 */
import { callerMay } from "../auth/authorize";
import type { Env } from "../env";
import type { ErrorCode } from "../errors/codes";
import { findRouting } from "../records/stream-routing";
import { envNumber } from "../util/env-number";
import { credentialHolds, type DeviceIdentity } from "./device-auth";

export type GrantCheck = { ok: true } | { ok: false; code: ErrorCode } | { ok: false; credentialEnded: true };

export function recheckIntervalMs(env: Env): number {
  return envNumber(env.MQTT_GRANT_RECHECK_SECONDS, 60, 0) * 1000;
}

export class PublishGrants {
  /** When each stream was last found writable. */
  private readonly checked = new Map<string, number>();

  constructor(
    private readonly env: Env,
    private readonly identity: DeviceIdentity,
    private readonly recheckMs: number,
  ) {}

  /** Whether the stream takes this connection's records; cached ones answer without waiting. */
  check(streamName: string, now: number): GrantCheck | Promise<GrantCheck> {
    const at = this.checked.get(streamName);
    if (at !== undefined && now - at < this.recheckMs) return { ok: true };
    return this.load(streamName, now);
  }

  private async load(streamName: string, now: number): Promise<GrantCheck> {
    const { caller, credential } = this.identity;
    if (!(await credentialHolds(this.env, credential, now))) return { ok: false, credentialEnded: true };
    if (!(await callerMay(this.env, caller, "dis:records:write"))) {
      this.checked.delete(streamName);
      return { ok: false, code: "DIS.4116" };
    }
    if (!(await findRouting(this.env, caller.projectId, streamName))) return { ok: false, code: "DIS.4301" };
    if (this.checked.size >= 1000) this.checked.clear();
    this.checked.set(streamName, now);
    return { ok: true };
  }
}
