/** Streams (reference §5.1.1–5.1.4, 5.1.6): create, list, describe, delete, update. */
import { Hono, type Context } from "hono";
import { authorize } from "../auth/authorize";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { queryOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { policyAllows } from "../policies/access";
import { forgetRouting } from "../records/stream-routing";
import { metricRoutes } from "./metrics";
import { policyRoutes } from "./policies";
import { transferTaskRoutes } from "./transfer-tasks";
import { parsePartitionId } from "../streams/partitions";
import { partitionResult, streamDescription, streamInfo } from "../streams/present";
import { recordEvent, recordEvents } from "../events/record";
import { partitionQuotaEvent } from "../streams/quota-events";
import { purgeStream } from "../streams/purge";
import {
  deleteStream,
  findStream,
  findStreamById,
  listPartitions,
  listStreams,
  partitionCounts,
  requireStream,
  tagsOf,
  updateStream,
  type StreamRow,
  partitionUsage,
} from "../streams/repository";
import { scaleStream } from "../streams/scale";
import { scalingHistory } from "../streams/scale-repository";
import { createStream, retentionMsOf, streamChanges } from "../streams/service";
import { listTasks } from "../transfers/repository";
import { taskStub } from "../transfers/service";
import { changePartitionCountBody, createStreamBody, describeStreamQuery, listStreamsQuery, updateStreamBody } from "../streams/validation";

export const streamRoutes = new Hono<AppEnv>();
streamRoutes.route("/:stream_name/policies", policyRoutes);
streamRoutes.route("/:stream_name/transfer-tasks", transferTaskRoutes);
streamRoutes.route("/", metricRoutes);

/** The path's stream in the caller's project, or DIS.4301. */
function pathStream(c: Context<AppEnv>): Promise<StreamRow> {
  return requireStream(openDb(c.env.DB), c.get("caller").projectId, c.req.param("stream_name") ?? "");
}

streamRoutes.post("/", authorize("dis:streams:create"), async (c) => {
  const body = validate(createStreamBody, await readJson(c));
  const db = openDb(c.env.DB);
  const stream = await createStream(c.env, db, c.get("caller").projectId, body);
  const used = (await partitionUsage(db, stream.projectId))[stream.streamType];
  await recordEvents(c.env, [
    { projectId: stream.projectId, type: "STREAM_CREATED", resourceId: stream.id, resourceName: stream.name, detail: { partition_count: stream.partitionCount, stream_type: stream.streamType } },
    ...partitionQuotaEvent(c.env, stream, used, stream.partitionCount),
  ]);
  return c.body(null, 201);
});

streamRoutes.get("/", authorize("dis:streams:list"), async (c) => {
  // The Kafka adapter describes a stream it knows only by id on this path: `?stream_id=…&limit_partitions=…`.
  const byId = c.req.query("stream_id");
  if (byId) {
    await authorize("dis:streams:get")(c, async () => {});
    const query = validate(describeStreamQuery, queryOf(c));
    return describe(c, await streamById(c, byId), query);
  }
  const query = validate(listStreamsQuery, queryOf(c));
  const db = openDb(c.env.DB);
  const page = await listStreams(db, c.get("caller").projectId, query.start_stream_name || undefined, query.limit);
  const tags = await tagsOf(db, page.streams.map((s) => s.id));
  return c.json({
    total_number: page.total,
    stream_names: page.streams.map((s) => s.name),
    has_more_streams: page.hasMore,
    stream_info_list: page.streams.map((s) => streamInfo(s, tags.get(s.id) ?? [])),
  });
});

/** The stream to describe: the caller's by name, or another account's by `stream_id` when a stream policy names the caller. */
async function describedStream(c: Context<AppEnv>, streamId: string | undefined): Promise<StreamRow> {
  const caller = c.get("caller");
  const name = c.req.param("stream_name") ?? "";
  const db = openDb(c.env.DB);
  const own = await findStream(db, caller.projectId, name);
  if (own && (streamId === undefined || streamId === own.id)) return own;
  if (streamId !== undefined) {
    const other = await findStreamById(db, streamId);
    if (other && other.projectId !== caller.projectId && other.name === name) {
      if (!(await policyAllows(c.env, caller, other.id, "describe"))) throw disError("DIS.4116", "No stream policy grants the caller this stream.");
      return other;
    }
  }
  throw disError("DIS.4301", streamId === undefined ? name : `${name} (stream_id ${streamId})`);
}

/** The stream a `stream_id` names: the caller's own, or another account's that a stream policy lets it describe. */
async function streamById(c: Context<AppEnv>, streamId: string): Promise<StreamRow> {
  const caller = c.get("caller");
  const stream = await findStreamById(openDb(c.env.DB), streamId);
  if (stream && stream.projectId === caller.projectId) return stream;
  if (stream && (await policyAllows(c.env, caller, stream.id, "describe"))) return stream;
  throw disError("DIS.4301", `stream_id ${streamId}`);
}

streamRoutes.get("/:stream_name", authorize("dis:streams:get"), async (c) => {
  const query = validate(describeStreamQuery, queryOf(c));
  return describe(c, await describedStream(c, query.stream_id), query);
});

/** Describe stream (reference §5.1.4): the stream with one page of its partitions. */
async function describe(c: Context<AppEnv>, stream: StreamRow, query = validate(describeStreamQuery, queryOf(c))): Promise<Response> {
  const start = query.start_partition_id ?? query.start_partitionId;
  const after = start === undefined || start === "" ? -1 : parsePartitionId(start);
  if (after === null) throw disError("DIS.4201", start);

  const db = openDb(c.env.DB);
  const retentionMs = retentionMsOf(stream);
  const [page, counts, tags, scalings] = await Promise.all([
    listPartitions(db, stream.id, after, query.limit_partitions),
    partitionCounts(db, stream.id, retentionMs),
    tagsOf(db, [stream.id]),
    scalingHistory(db, stream.id),
  ]);
  const ranges = await Promise.all(page.partitions.map((p) => partitionStub(c.env, stream.id, p.index).sequenceRange()));
  return c.json(
    streamDescription({
      stream,
      tags: tags.get(stream.id) ?? [],
      partitions: page.partitions.map((p, i) => partitionResult(p, ranges[i]!, retentionMs)),
      hasMorePartitions: page.hasMore,
      writable: counts.writable,
      readable: counts.readable,
      scalings,
    }),
  );
}

/** Change partition count (reference §5.1.5). */
streamRoutes.put("/:stream_name", authorize("dis:streams:update"), async (c) => {
  const body = validate(changePartitionCountBody, await readJson(c));
  const stream = await pathStream(c);
  if (body.stream_name !== stream.name) throw disError("DIS.4200", "stream_name in the body must name the stream of the path.");
  await scaleStream(c.env, stream, body.target_partition_count, false);
  return c.body(null, 200);
});

streamRoutes.delete("/:stream_name", authorize("dis:streams:delete"), async (c) => {
  const stream = await pathStream(c);
  const db = openDb(c.env.DB);
  const { slots } = await partitionCounts(db, stream.id);
  const tasks = await listTasks(db, stream.id);
  await deleteStream(db, stream.id, slots);
  forgetRouting(stream.projectId, stream.name, stream.id);
  await recordEvent(c.env, { projectId: stream.projectId, type: "STREAM_DELETED", resourceId: stream.id, resourceName: stream.name });
  c.executionCtx.waitUntil(purgeStream(c.env, stream.id, slots).catch((e) => console.error("purge deferred to cron", e)));
  // The transfer tasks went with the stream's row; their objects also remove themselves at their next timer.
  c.executionCtx.waitUntil(Promise.all(tasks.map((t) => taskStub(c.env, t.id).destroy())).catch((e) => console.error("task objects left to their timers", e)));
  return c.body(null, 204);
});

/** Update stream: `PUT /v3/{project_id}/streams/{stream_name}` and the old SDKs' `PUT /v2/…/update/`. */
export async function handleUpdateStream(c: Context<AppEnv>) {
  const body = validate(updateStreamBody, await readJson(c));
  const stream = await pathStream(c);
  if (body.stream_name !== stream.name) {
    throw disError("DIS.4200", "stream_name in the body must name the stream of the path.");
  }
  const db = openDb(c.env.DB);
  const changes = streamChanges(stream, body, (await partitionCounts(db, stream.id)).writable);
  await updateStream(db, stream.id, changes);
  forgetRouting(stream.projectId, stream.name, stream.id);
  if (changes.retentionHours !== undefined && changes.retentionHours !== stream.retentionHours) {
    // Partition logs expire records by the new period from now on, written or not.
    const { slots } = await partitionCounts(db, stream.id);
    const retentionMs = retentionMsOf({ retentionHours: changes.retentionHours });
    await Promise.all(Array.from({ length: slots }, (_, i) => partitionStub(c.env, stream.id, i).setRetention(retentionMs)));
  }
  const { stream_name: _, ...asked } = body;
  await recordEvent(c.env, { projectId: stream.projectId, type: "STREAM_UPDATED", resourceId: stream.id, resourceName: stream.name, detail: { changes: asked } });
  return c.body(null, 204);
}

streamRoutes.put("/:stream_name/update", authorize("dis:streams:update"), handleUpdateStream);
