/**
 * Checkpoints (reference §5.3): commit, get, delete. Stored in the partition logs, keyed by app id.
 * A commit naming `client_id` comes from a consumer group member and is refused unless it owns
 * the partition in the group's current generation (README "Consumer groups").
 */
import { Hono, type Context } from "hono";
import { findAppCached, noteCommit, type AppRow } from "../apps/repository";
import { groupStub } from "../groups/repository";
import { commitCheckpointBody, deleteCheckpointQuery, getCheckpointQuery } from "../apps/validation";
import { authorize } from "../auth/authorize";
import { isForeignKeyViolation } from "../db/batch";
import { openDb } from "../db/client";
import { disError, unwrap } from "../errors/dis-error";
import { queryOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { findRouting, withPartition, type StreamRouting } from "../records/stream-routing";
import { parseCount } from "../records/validation";
import { parsePartitionId, partitionId } from "../streams/partitions";

export const checkpointRoutes = new Hono<AppEnv>();

interface Target {
  app: AppRow;
  stream: StreamRouting;
}

/** The app (DIS.4332) and stream (DIS.4301) a checkpoint request names, from the isolate's caches. */
async function resolve(c: Context<AppEnv>, appName: string, streamName: string | undefined, streamId?: string): Promise<Target> {
  const projectId = c.get("caller").projectId;
  const app = await findAppCached(openDb(c.env.DB), projectId, appName);
  if (!app) throw disError("DIS.4332", appName);
  const stream = await findRouting(c.env, projectId, streamName, streamId);
  if (!stream) throw disError("DIS.4301", streamName ?? streamId);
  return { app, stream };
}

/** A group member's commit must come from the partition's owner in the group's current generation. */
async function checkOwnership(c: Context<AppEnv>, app: AppRow, clientId: string, generation: number, stream: StreamRouting, index: number): Promise<void> {
  const refusal = await groupStub(c.env, app.id).commitRefusal(clientId, generation, stream.id, index);
  if (refusal === null) return;
  const partition = partitionId(index);
  const details: Record<typeof refusal, string> = {
    "DIS.4702": `Client ${clientId} is not a member of the group of app ${app.name}.`,
    "DIS.4701": `The group of app ${app.name} is rebalancing; client ${clientId} has no partitions until it completes.`,
    "DIS.4703": `Client ${clientId} does not own ${stream.name} ${partition} in generation ${generation} of the group of app ${app.name}.`,
  };
  throw disError(refusal, details[refusal]);
}

/** The partition index a parameter names: DIS.4201 when malformed, DIS.4302 when the stream has none such. */
async function partitionOf(c: Context<AppEnv>, stream: StreamRouting, text: string): Promise<number> {
  const index = parsePartitionId(text);
  if (index === null) throw disError("DIS.4201", text);
  if (!(await withPartition(c.env, stream, index)).statuses.has(index)) throw disError("DIS.4302", partitionId(index));
  return index;
}

checkpointRoutes.post("/", authorize("dis:checkpoints:commit"), async (c) => {
  const body = validate(commitCheckpointBody, await readJson(c));
  const { app, stream } = await resolve(c, body.app_name, body.stream_name ?? undefined, body.stream_id ?? undefined);
  const index = await partitionOf(c, stream, body.partition_id);
  const sequence = parseCount(body.sequence_number);
  if (sequence === null) throw disError("DIS.4216", body.sequence_number);
  if (body.client_id) await checkOwnership(c, app, body.client_id, body.generation_id ?? -1, stream, index);
  const stub = partitionStub(c.env, stream.id, index);
  unwrap(await stub.commitCheckpoint(app.id, body.checkpoint_type, sequence, body.metadata ?? ""));
  try {
    await noteCommit(openDb(c.env.DB), app.id, stream.id);
  } catch (error) {
    // The app was deleted meanwhile (before its deletion could know of this stream): take the checkpoint back.
    if (!isForeignKeyViolation(error)) throw error;
    await stub.forgetApp(app.id);
    throw disError("DIS.4332", body.app_name);
  }
  return c.body(null, 201);
});

checkpointRoutes.get("/", authorize("dis:checkpoints:get"), async (c) => {
  const query = validate(getCheckpointQuery, queryOf(c));
  const { app, stream } = await resolve(c, query.app_name, query.stream_name);
  const index = await partitionOf(c, stream, query.partition_id);
  const checkpoint = unwrap(await partitionStub(c.env, stream.id, index).checkpoint(app.id, query.checkpoint_type));
  const metadata = checkpoint?.metadata ?? "";
  // `metaData` too: the old Python DIS SDK reads that spelling.
  return c.json({ sequence_number: String(checkpoint?.sequence ?? -1), metadata, metaData: metadata });
});

checkpointRoutes.delete("/", authorize("dis:checkpoints:delete"), async (c) => {
  const query = validate(deleteCheckpointQuery, queryOf(c));
  const { app, stream } = await resolve(c, query.app_name, query.stream_name);
  const indexes = query.partition_id ? [await partitionOf(c, stream, query.partition_id)] : [...stream.statuses.keys()];
  await Promise.all(indexes.map((i) => partitionStub(c.env, stream.id, i).deleteCheckpoint(app.id, query.checkpoint_type)));
  return c.body(null, 204);
});
