/** Consumer apps (reference §5.2): create, list, describe, delete, consuming state. */
import { Hono, type Context } from "hono";
import { purgeCheckpoints } from "../apps/purge";
import { appQuota } from "../apps/quota";
import {
  committedStreamNames,
  countApps,
  deleteApp,
  findApp,
  forgetApp,
  insertApp,
  listApps,
  type AppRow,
} from "../apps/repository";
import { groupStub } from "../groups/repository";
import { quotaEvent, recordEvent, recordEvents } from "../events/record";
import { consumingStateQuery, createAppBody, listAppsQuery } from "../apps/validation";
import { authorize } from "../auth/authorize";
import { isUniqueViolation } from "../db/batch";
import { openDb } from "../db/client";
import { disError, unwrap } from "../errors/dis-error";
import { queryOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { randomId } from "../util/ids";
import { retentionMsOf } from "../streams/service";
import { findStream, listPartitions } from "../streams/repository";
import { effectiveStatus, parsePartitionId } from "../streams/partitions";

export const appRoutes = new Hono<AppEnv>();

async function pathApp(c: Context<AppEnv>): Promise<AppRow> {
  const name = c.req.param("app_name") ?? "";
  const app = await findApp(openDb(c.env.DB), c.get("caller").projectId, name);
  if (!app) throw disError("DIS.4332", name);
  return app;
}

function appResult(app: AppRow, streams: string[]) {
  return { app_name: app.name, app_id: app.id, create_time: app.createTime, commit_checkpoint_stream_names: streams };
}

appRoutes.post("/", authorize("dis:apps:create"), async (c) => {
  const body = validate(createAppBody, await readJson(c));
  const db = openDb(c.env.DB);
  const projectId = c.get("caller").projectId;
  if (await findApp(db, projectId, body.app_name)) throw disError("DIS.4330", body.app_name);
  const quota = appQuota(c.env);
  if ((await countApps(db, projectId)) >= quota) throw disError("DIS.4329", `At most ${quota} apps per project.`);
  const id = randomId(17);
  try {
    await insertApp(db, { id, projectId, name: body.app_name, createTime: Date.now() });
  } catch (error) {
    if (isUniqueViolation(error)) throw disError("DIS.4330", body.app_name);
    throw error;
  }
  const quotaCrossed = quotaEvent(projectId, "apps", await countApps(db, projectId), quota, 1);
  await recordEvents(c.env, [{ projectId, type: "APP_CREATED", resourceId: id, resourceName: body.app_name }, ...(quotaCrossed ? [quotaCrossed] : [])]);
  return c.body(null, 201);
});

appRoutes.get("/", authorize("dis:apps:list"), async (c) => {
  const query = validate(listAppsQuery, queryOf(c));
  const db = openDb(c.env.DB);
  const projectId = c.get("caller").projectId;
  let streamId: string | undefined;
  if (query.stream_name) {
    const stream = await findStream(db, projectId, query.stream_name);
    if (!stream) throw disError("DIS.4301", query.stream_name);
    streamId = stream.id;
  }
  const page = await listApps(db, projectId, query.start_app_name || undefined, query.limit, streamId);
  const names = await committedStreamNames(db, page.apps.map((a) => a.id));
  return c.json({
    has_more_app: page.hasMore,
    apps: page.apps.map((a) => appResult(a, names.get(a.id) ?? [])),
    total_number: page.total,
  });
});

appRoutes.get("/:app_name", authorize("dis:apps:get"), async (c) => {
  const app = await pathApp(c);
  const names = await committedStreamNames(openDb(c.env.DB), [app.id]);
  return c.json(appResult(app, names.get(app.id) ?? []));
});

appRoutes.delete("/:app_name", authorize("dis:apps:delete"), async (c) => {
  const app = await pathApp(c);
  const purges = await deleteApp(openDb(c.env.DB), app);
  forgetApp(app.projectId, app.name);
  await recordEvent(c.env, { projectId: app.projectId, type: "APP_DELETED", resourceId: app.id, resourceName: app.name });
  const erase = Promise.all([...purges.map((p) => purgeCheckpoints(c.env, app.id, p.streamId, p.partitionCount)), groupStub(c.env, app.id).dissolve()]);
  c.executionCtx.waitUntil(erase.catch((e) => console.error("checkpoint purge deferred to cron", e)));
  return c.body(null, 204);
});

appRoutes.get("/:app_name/streams/:stream_name", authorize("dis:AppState:get"), async (c) => {
  const query = validate(consumingStateQuery, queryOf(c));
  const app = await pathApp(c);
  const db = openDb(c.env.DB);
  const streamName = c.req.param("stream_name");
  const stream = await findStream(db, app.projectId, streamName);
  if (!stream) throw disError("DIS.4301", streamName);
  const after = query.start_partition_id ? parsePartitionId(query.start_partition_id) : -1;
  if (after === null) throw disError("DIS.4201", query.start_partition_id);

  const page = await listPartitions(db, stream.id, after, query.limit);
  const states = await Promise.all(
    page.partitions.map(async (p) => unwrap(await partitionStub(c.env, stream.id, p.index).consumingState(app.id, query.checkpoint_type))),
  );
  return c.json({
    stream_name: stream.name,
    app_name: app.name,
    partition_consuming_states: page.partitions.map((p, i) => ({
      partition_id: String(p.index),
      sequence_number: String(states[i]!.sequence),
      latest_offset: String(states[i]!.latest),
      earliest_offset: String(states[i]!.earliest),
      checkpoint_type: query.checkpoint_type,
      status: effectiveStatus(p, retentionMsOf(stream)),
    })),
    has_more: page.hasMore,
  });
});
