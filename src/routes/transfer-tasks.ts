/** Transfer tasks (reference §5.5): create, update, list, describe, delete, start and stop. */
import { Hono, type Context } from "hono";
import { authorize } from "../auth/authorize";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { queryOf, readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { partitionStub } from "../partition/stubs";
import { allPartitions, requireStream, type StreamRow } from "../streams/repository";
import { retentionMsOf } from "../streams/service";
import { listDelivered, previewDelivered } from "../transfers/delivered-objects";
import { deliveredObjectsQuery, objectPreviewQuery, taskActionBody, TRANSFER_TASK_QUOTA, type DestinationType } from "../transfers/descriptor";
import { destinationOf } from "../transfers/destinations";
import type { FileLocation } from "../transfers/destinations/destination";
import { taskDescription, taskSummary } from "../transfers/present";
import { unstartedProgress } from "../transfers/progress-store";
import { countTasks, deleteTask, findTask, listTasks, setTaskStates, type TransferTaskRow } from "../transfers/repository";
import { quotaEvent, recordEvent, recordEvents, type EventInput } from "../events/record";
import type { EventType } from "../events/types";
import { changeTask, createTask, settingsFromBody, taskStub } from "../transfers/service";

/** An event about a transfer task: named by the task, with its stream in the detail. */
function taskEvent(stream: StreamRow, task: TransferTaskRow, type: EventType, detail: Record<string, unknown> = {}): EventInput {
  return { projectId: stream.projectId, type, resourceId: task.id, resourceName: task.name, detail: { stream_name: stream.name, ...detail } };
}

export const transferTaskRoutes = new Hono<AppEnv>();

/** Where a task's files are; DIS.4200 for a task that delivers no files (DWS, CloudTable). */
function filesOf(c: Context<AppEnv>, task: TransferTaskRow): FileLocation {
  const destination = destinationOf(task.destinationType as DestinationType);
  const location = destination.files?.(c.env, JSON.parse(task.descriptor));
  if (destination.files === undefined) throw disError("DIS.4200", `${task.destinationType} tasks deliver no files.`);
  if (!location) throw disError("DIS.4306", "The task's bucket is not provided by this deployment.");
  return location;
}

function pathStream(c: Context<AppEnv>): Promise<StreamRow> {
  return requireStream(openDb(c.env.DB), c.get("caller").projectId, c.req.param("stream_name") ?? "");
}

async function pathTask(c: Context<AppEnv>, stream: StreamRow): Promise<TransferTaskRow> {
  const name = c.req.param("task_name") ?? "";
  const task = await findTask(openDb(c.env.DB), stream.id, name);
  if (!task) throw disError("DIS.4354", name);
  return task;
}

transferTaskRoutes.post("/", authorize("dis:transferTasks:create"), async (c) => {
  const stream = await pathStream(c);
  const settings = await settingsFromBody(c.env, stream, await readJson(c));
  const task = await createTask(c.env, stream, settings);
  const quotaCrossed = quotaEvent(stream.projectId, "transfer_tasks_per_stream", await countTasks(openDb(c.env.DB), stream.id), TRANSFER_TASK_QUOTA, 1, stream.name);
  await recordEvents(c.env, [taskEvent(stream, task, "TRANSFER_TASK_CREATED", { destination_type: task.destinationType }), ...(quotaCrossed ? [quotaCrossed] : [])]);
  return c.body(null, 201);
});

/** Update (reference §6 names it): the create body; the task is the one named by `task_name`. */
transferTaskRoutes.put("/", authorize("dis:transferTasks:update"), async (c) => {
  const stream = await pathStream(c);
  const settings = await settingsFromBody(c.env, stream, await readJson(c));
  const name = settings.descriptor.task_name;
  const task = await findTask(openDb(c.env.DB), stream.id, name);
  if (!task) throw disError("DIS.4354", name);
  await changeTask(c.env, task, settings);
  return c.body(null, 200);
});

transferTaskRoutes.get("/", authorize("dis:transferTasks:list"), async (c) => {
  const stream = await pathStream(c);
  const tasks = await listTasks(openDb(c.env.DB), stream.id);
  const progress = await Promise.all(tasks.map((t) => taskStub(c.env, t.id).progress()));
  return c.json({
    total_number: tasks.length,
    quota: TRANSFER_TASK_QUOTA,
    tasks: tasks.map((t, i) => taskSummary(t, progress[i] ?? null)),
  });
});

/** Start or stop tasks by id: every id must name a task of the stream, or nothing changes. */
transferTaskRoutes.post("/action", authorize("dis:transferTasks:update"), async (c) => {
  const body = validate(taskActionBody, await readJson(c));
  const stream = await pathStream(c);
  const tasks = await listTasks(openDb(c.env.DB), stream.id);
  const ids = [...new Set(body.tasks.map((t) => t.id))];
  const unknown = ids.find((id) => !tasks.some((t) => t.id === id));
  if (unknown !== undefined) throw disError("DIS.4354", unknown);
  await setTaskStates(openDb(c.env.DB), ids, body.action === "start" ? "RUNNING" : "PAUSED", Date.now());
  await Promise.all(ids.map((id) => taskStub(c.env, id).wake()));
  const type = body.action === "start" ? "TRANSFER_TASK_STARTED" : "TRANSFER_TASK_STOPPED";
  await recordEvents(c.env, tasks.filter((t) => ids.includes(t.id)).map((t) => taskEvent(stream, t, type)));
  return c.body(null, 200);
});

transferTaskRoutes.get("/:task_name", authorize("dis:transferTasks:get"), async (c) => {
  const stream = await pathStream(c);
  const task = await pathTask(c, stream);
  const [progress, partitions] = await Promise.all([taskStub(c.env, task.id).progress(), allPartitions(openDb(c.env.DB), stream.id)]);
  const ranges = await Promise.all(partitions.map((p) => partitionStub(c.env, stream.id, p.index).sequenceRange()));
  const byIndex = new Map((progress?.partitions ?? []).map((p) => [p.partition, p]));
  const views = partitions.map((partition, i) => ({
    partition,
    range: ranges[i]!,
    progress: byIndex.get(partition.index) ?? unstartedProgress(partition.index),
  }));
  return c.json(taskDescription(task, stream, progress, views, retentionMsOf(stream)));
});

/**
 * The objects a file task (OBS, MRS, DLI) delivered, a page at a time, and one with a preview of
 * its text: this service's own operations (the reference has none), for the task's owner.
 */
transferTaskRoutes.get("/:task_name/objects", authorize("dis:transferTasks:get"), async (c) => {
  const query = validate(deliveredObjectsQuery, queryOf(c));
  const stream = await pathStream(c);
  const task = await pathTask(c, stream);
  return c.json(await listDelivered(filesOf(c, task), stream.name, task.id, query.cursor || undefined));
});

transferTaskRoutes.get("/:task_name/objects/preview", authorize("dis:transferTasks:get"), async (c) => {
  const { key } = validate(objectPreviewQuery, queryOf(c));
  const stream = await pathStream(c);
  const task = await pathTask(c, stream);
  const preview = await previewDelivered(filesOf(c, task), stream.name, task.id, key);
  if (!preview) throw disError("DIS.4040", `The task delivered no object ${key}.`);
  return c.json(preview);
});

transferTaskRoutes.delete("/:task_name", authorize("dis:transferTasks:delete"), async (c) => {
  const stream = await pathStream(c);
  const task = await pathTask(c, stream);
  await deleteTask(openDb(c.env.DB), task.id);
  await recordEvent(c.env, taskEvent(stream, task, "TRANSFER_TASK_DELETED"));
  // The task object also removes itself at its next timer once the task is gone from D1.
  c.executionCtx.waitUntil(taskStub(c.env, task.id).destroy().catch((e) => console.error("task object left to its timer", e)));
  return c.body(null, 204);
});
