/**
 * Creating, changing and removing transfer tasks: the checks that need the stream or the
 * deployment (buckets, file types), and keeping D1 and the task objects in step.
 */
import { isUniqueViolation } from "../db/batch";
import { openDb } from "../db/client";
import type { Env } from "../env";
import { disError } from "../errors/dis-error";
import { validate } from "../http/body";
import { partitionStub } from "../partition/stubs";
import { partitionCounts, type StreamRow } from "../streams/repository";
import { randomId } from "../util/ids";
import { bucketFor } from "./buckets";
import {
  obsDescriptor,
  SUPPORTED_DESTINATIONS,
  SUPPORTED_FILE_TYPES,
  TRANSFER_TASK_QUOTA,
  type ObsDescriptor,
  transferTaskBody,
} from "./descriptor";
import { parquetColumns } from "./formats/parquet";
import { countTasks, findTask, insertTaskWithinQuota, updateTask, type TransferTaskRow } from "./repository";

export function taskStub(env: Env, taskId: string) {
  return env.TRANSFER_TASKS.get(env.TRANSFER_TASKS.idFromName(taskId));
}

/** A create or update body as the descriptor a task stores, or the DIS error that refuses it. */
export function descriptorFromBody(env: Env, stream: StreamRow, body: Record<string, unknown>): ObsDescriptor {
  const { destination_type, obs_destination_descriptor } = validate(transferTaskBody, body);
  if (!SUPPORTED_DESTINATIONS.includes(destination_type)) {
    throw disError("DIS.4200", `destination_type: ${destination_type} is not supported by this deployment; supported: ${SUPPORTED_DESTINATIONS.join(", ")}.`);
  }
  if (obs_destination_descriptor === undefined || obs_destination_descriptor === null) {
    throw disError("DIS.4200", "obs_destination_descriptor: is required for destination_type OBS.");
  }
  const input = validate(obsDescriptor, obs_destination_descriptor, "obs_destination_descriptor");
  const fileType = input.destination_file_type;
  if (fileType === "carbon") {
    throw disError(
      "DIS.4200",
      `obs_destination_descriptor.destination_file_type: carbon files cannot be written by this deployment; supported: ${SUPPORTED_FILE_TYPES.join(", ")}.`,
    );
  }
  if (fileType === "parquet" && (stream.dataType !== "JSON" || !parquetColumns(stream.dataSchema))) {
    throw disError("DIS.4200", "obs_destination_descriptor.destination_file_type: parquet needs a JSON stream whose data_schema is an Avro record.");
  }
  if (!bucketFor(env, input.obs_bucket_path)) throw disError("DIS.4306", input.obs_bucket_path);
  return { ...input, destination_file_type: fileType, retry_duration: 0 };
}

/** Where delivery begins in each partition: the log end (LATEST) or the earliest retained record (TRIM_HORIZON). */
async function startingPoints(env: Env, stream: StreamRow, strategy: ObsDescriptor["consumer_strategy"]) {
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
export async function createTask(env: Env, stream: StreamRow, descriptor: ObsDescriptor): Promise<TransferTaskRow> {
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
    destinationType: "OBS",
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
export async function changeTask(env: Env, task: TransferTaskRow, descriptor: ObsDescriptor): Promise<void> {
  await updateTask(openDb(env.DB), task.id, { descriptor: JSON.stringify(descriptor), updateTime: Date.now() });
  await taskStub(env, task.id).wake();
}
