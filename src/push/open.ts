/**
 * Opening a subscription, for the subscribe route and for MQTT subscribers alike: the app a
 * subscriber commits for, checked, and the upgrade handed to the partition log object.
 */
import { findAppCached, noteCommit } from "../apps/repository";
import { callerMay } from "../auth/authorize";
import { openDb } from "../db/client";
import type { Env } from "../env";
import { disError } from "../errors/dis-error";
import type { Caller } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { parsePartitionId } from "../streams/partitions";
import { SUBSCRIPTION_HEADER, type SubscriptionStart } from "./subscribers";

/**
 * The app whose checkpoints a subscriber of `streamId` commits: the caller must be allowed to
 * commit (DIS.4116), and the app must exist (DIS.4332). Notes that the app commits on the stream.
 */
export async function committingApp(env: Env, caller: Caller, appName: string, streamId: string): Promise<{ id: string; name: string }> {
  if (!(await callerMay(env, caller, "dis:checkpoints:commit"))) {
    throw disError("DIS.4116", "The caller may not dis:checkpoints:commit, which a subscription for an app asks for.");
  }
  const db = openDb(env.DB);
  const app = await findAppCached(db, caller.projectId, appName);
  if (!app) throw disError("DIS.4332", appName);
  await noteCommit(db, app.id, streamId);
  return { id: app.id, name: app.name };
}

/** Hands a subscription to its partition log object: the answer carries the subscriber's WebSocket. */
export function handOver(env: Env, start: SubscriptionStart): Promise<Response> {
  return partitionStub(env, start.streamId, parsePartitionId(start.partitionId)!).fetch("https://partition/subscribe", {
    headers: { upgrade: "websocket", [SUBSCRIPTION_HEADER]: JSON.stringify(start) },
  });
}
