/**
 * Creating, changing and removing transfer tasks: the body checked by its destination
 * (destinations/), and keeping D1 and the task objects in step.
 */
import { isUniqueViolation } from "../db/batch";
import { openDb } from "../db/client";
import type { Env } from "../env";
import { disError } from "../errors/dis-error";
import { validate } from "../http/body";
import { partitionStub } from "../partition/stubs";
import { partitionCounts, type StreamRow } from "../streams/repository";
import { randomId } from "../util/ids";
import { DESCRIPTOR_FIELDS, TRANSFER_TASK_QUOTA, transferTaskBody, type CommonDescriptor, type DestinationType } from "./descriptor";
import { destinationOf } from "./destinations";
import { countTasks, findTask, insertTaskWithinQuota, updateTask, type TransferTaskRow } from "./repository";

export function taskStub(env: Env, taskId: string) {
  return env.TRANSFER_TASKS.get(env.TRANSFER_TASKS.idFromName(taskId));
}

/** A checked task body: its destination type and the descriptor the task stores. */
export interface TaskSettings {
  type: DestinationType;
  descriptor: CommonDescriptor;
}

/** A create or update body as the settings a task stores, or the DIS error that refuses it. */
export async function settingsFromBody(env: Env, stream: StreamRow, body: Record<string, unknown>): Promise<TaskSettings> {
  const parsed = validate(transferTaskBody, body);
  const type = parsed.destination_type;
  const field = DESCRIPTOR_FIELDS[type];
  const raw = parsed[field];
  if (raw === undefined || raw === null) throw disError("DIS.4200", `${field}: is required for destination_type ${type}.`);
  return { type, descriptor: await destinationOf(type).parse(env, stream, raw) };
}

/** Where delivery begins in each partition: the log end (LATEST) or the earliest retained record (TRIM_HORIZON). */
async function startingPoints(env: Env, stream: StreamRow, strategy: CommonDescriptor["consumer_strategy"]) {
  const { slots } = await partitionCounts(openDb(env.DB), stream.id);
  return Promise.all(
    Array.from({ length: slots }, async (_, partition) => {
      const range = await partitionStub(env, stream.id, partition).sequenceRange();
      return { partition, next: strategy === "LATEST" ? range.latest : range.earliest };
    }),
  );
}

/**
 * Creates a task. The task object is set up first (with its starting points taken now), then the
 * task is recorded in D1; an object whose task never got recorded removes itself at its first timer.
 */
export async function createTask(env: Env, stream: StreamRow, { type, descriptor }: TaskSettings): Promise<TransferTaskRow> {
  const db = openDb(env.DB);
  if (await findTask(db, stream.id, descriptor.task_name)) throw disError("DIS.4355", descriptor.task_name);
  if ((await countTasks(db, stream.id)) >= TRANSFER_TASK_QUOTA) {
    throw disError("DIS.4357", `At most ${TRANSFER_TASK_QUOTA} transfer tasks per stream.`);
  }
  const now = Date.now();
  const task: TransferTaskRow = {
    id: randomId(19),
    streamId: stream.id,
    name: descriptor.task_name,
    destinationType: type,
    state: "RUNNING",
    descriptor: JSON.stringify(descriptor),
    createTime: now,
    updateTime: now,
  };
  const starts = await startingPoints(env, stream, descriptor.consumer_strategy);
  await taskStub(env, task.id).setUp({ taskId: task.id, createdAt: now, intervalSeconds: descriptor.deliver_time_interval, starts });
  let inserted: boolean;
  try {
    inserted = await insertTaskWithinQuota(db, task, TRANSFER_TASK_QUOTA);
  } catch (error) {
    if (isUniqueViolation(error)) throw disError("DIS.4355", descriptor.task_name);
    throw error;
  }
  if (!inserted) throw disError("DIS.4357", `At most ${TRANSFER_TASK_QUOTA} transfer tasks per stream.`);
  return task;
}

/** Replaces a task's settings; its progress stays, so `consumer_strategy` only matters at creation. */
export async function changeTask(env: Env, task: TransferTaskRow, { type, descriptor }: TaskSettings): Promise<void> {
  if (type !== task.destinationType) throw disError("DIS.4200", `destination_type: the task delivers to ${task.destinationType}; a task's destination type cannot change.`);
  await updateTask(openDb(env.DB), task.id, { descriptor: JSON.stringify(descriptor), updateTime: Date.now() });
  await taskStub(env, task.id).wake();
}
