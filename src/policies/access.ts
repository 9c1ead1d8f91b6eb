/**
 * Which stream a data-plane request reaches: one of the caller's project, by name or id, or a
 * stream of another account by id when one of its stream policies names the caller
 * (reference §5.1.7). Anything else is DIS.4301, or DIS.4116 when the stream exists but no rule
 * lets the caller in.
 */
import { openDb } from "../db/client";
import type { Env } from "../env";
import { disError } from "../errors/dis-error";
import type { Caller } from "../http/context";
import { findRouting, findRoutingAnywhere, type StreamRouting } from "../records/stream-routing";
import { principalsOf } from "./principals";
import { cachedRules, type ActionType } from "./repository";

/** What the caller wants of the stream: an action of a policy, or just to describe it (any rule). */
export type StreamUse = ActionType | "describe";

export interface ReachedStream {
  stream: StreamRouting;
  /** Reached through a stream policy of another account. */
  granted: boolean;
}

/** Whether a stream policy of `streamId` lets the caller do `use`. */
export async function policyAllows(env: Env, caller: Caller, streamId: string, use: StreamUse): Promise<boolean> {
  const mine = principalsOf(caller.domainId, caller.userId);
  const rules = await cachedRules(openDb(env.DB), streamId);
  return rules.some((r) => mine.includes(r.principal) && r.effect === "accept" && (use === "describe" || r.actionType === use));
}

export async function streamForCaller(env: Env, caller: Caller, name: string | undefined, id: string | undefined, use: StreamUse): Promise<ReachedStream> {
  const own = await findRouting(env, caller.projectId, name, id);
  if (own) return { stream: own, granted: false };
  if (id !== undefined) {
    const other = await findRoutingAnywhere(env, id);
    if (other) {
      if (!(await policyAllows(env, caller, other.id, use))) throw disError("DIS.4116", "No stream policy grants the caller this stream.");
      return { stream: other, granted: true };
    }
  }
  throw disError("DIS.4301", name ?? id ?? "");
}
