/**
 * What a joining member follows: streams by name (the caller's project), by id (also another
 * account's, through a stream policy granting getRecords), or a pattern over the project's
 * stream names (Java regular expression syntax, matched against the whole name); resolved to
 * the partitions the group shares.
 */
import { eq } from "drizzle-orm";
import { openDb } from "../db/client";
import { streams as streamTable } from "../db/schema";
import type { Env } from "../env";
import { DisError, disError, unwrap } from "../errors/dis-error";
import type { Caller } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { streamForCaller } from "../policies/access";
import type { StreamRouting } from "../records/stream-routing";
import { effectiveStatus } from "../streams/partitions";
import { allPartitions } from "../streams/repository";
import type { JoinRequest, StreamPartitions } from "./coordinator";

export interface Interest {
  names: readonly string[];
  ids: readonly string[];
  pattern: string | null;
}

/** Streams at most one member follows through a pattern. */
const PATTERN_STREAMS_MAX = 100;

/**
 * The followed streams with their shared partitions; null when the interest names no stream, a
 * stream that does not exist, or one stream twice (the protocol's ERR_SUBSCRIPTION).
 */
export async function followedStreams(env: Env, caller: Caller, appId: string, interest: Interest): Promise<JoinRequest["streams"] | null> {
  const found: { stream: StreamRouting; key: string }[] = [];
  try {
    for (const name of interest.names) found.push({ stream: (await streamForCaller(env, caller, name, undefined, "getRecords")).stream, key: name });
    for (const id of interest.ids) found.push({ stream: (await streamForCaller(env, caller, undefined, id, "getRecords")).stream, key: id });
  } catch (error) {
    if (error instanceof DisError && error.code === "DIS.4301") return null;
    throw error;
  }
  if (interest.pattern !== null) {
    const matches = patternOf(interest.pattern);
    const names = await openDb(env.DB)
      .select({ name: streamTable.name })
      .from(streamTable)
      .where(eq(streamTable.projectId, caller.projectId));
    for (const { name } of names.filter((n) => matches.test(n.name)).slice(0, PATTERN_STREAMS_MAX)) {
      found.push({ stream: (await streamForCaller(env, caller, name, undefined, "getRecords")).stream, key: name });
    }
  }
  if (interest.pattern === null && found.length === 0) return null;
  if (new Set(found.map((f) => f.stream.id)).size !== found.length) return null;
  return Promise.all(
    found.map(async ({ stream, key }) => ({ ...(await sharedPartitions(env, { id: stream.id, name: stream.name, retentionMs: stream.binding.retentionMs }, appId)), key })),
  );
}

/** A Java-style pattern over whole stream names; DIS.4200 when it does not compile. */
function patternOf(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    throw disError("DIS.4200", `streamPattern: ${pattern} is not a valid regular expression.`);
  }
}

/**
 * The partitions of a stream a group shares: the ACTIVE ones, and read-only ones (scaled in)
 * until their records expire or, when `appId` is given, the app's checkpoint reaches their end.
 */
export async function sharedPartitions(
  env: Env,
  stream: { id: string; name: string; retentionMs: number },
  appId: string | null,
  now = Date.now(),
): Promise<StreamPartitions> {
  const retentionMs = stream.retentionMs;
  const rows = await allPartitions(openDb(env.DB), stream.id);
  const partitions: StreamPartitions["partitions"] = [];
  for (const p of rows) {
    const status = effectiveStatus(p, retentionMs, now);
    if (status === "ACTIVE") partitions.push({ index: p.index, readableUntil: null });
    if (status !== "DELETED") continue;
    if (appId !== null && (await drained(env, stream.id, p.index, appId))) continue;
    partitions.push({ index: p.index, readableUntil: (p.deletedAt ?? now) + retentionMs });
  }
  return { id: stream.id, name: stream.name, partitions };
}

/**
 * Whether the app's checkpoint reached the end of a read-only partition. The checkpoint must
 * name the log end itself: the adapter commits the next offset to read, DIS clients the last
 * record read, and only this reading leaves no record unread under either. A partition that
 * never held a record is drained from the start.
 */
async function drained(env: Env, streamId: string, index: number, appId: string): Promise<boolean> {
  const state = unwrap(await partitionStub(env, streamId, index).consumingState(appId, "LAST_READ"));
  return state.latest === 0 || state.sequence >= state.latest;
}
