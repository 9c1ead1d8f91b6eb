/** Transfer tasks in D1. */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { streams, transferTasks } from "../db/schema";
import type { StreamRow } from "../streams/repository";

export type TransferTaskRow = typeof transferTasks.$inferSelect;

export async function listTasks(db: Db, streamId: string): Promise<TransferTaskRow[]> {
  return db.select().from(transferTasks).where(eq(transferTasks.streamId, streamId)).orderBy(asc(transferTasks.createTime), asc(transferTasks.name));
}

export async function findTask(db: Db, streamId: string, name: string): Promise<TransferTaskRow | null> {
  const [row] = await db
    .select()
    .from(transferTasks)
    .where(and(eq(transferTasks.streamId, streamId), eq(transferTasks.name, name)));
  return row ?? null;
}

/** A task with its stream, by task id: what a delivery needs to know. */
export async function findTaskWithStream(db: Db, taskId: string): Promise<{ task: TransferTaskRow; stream: StreamRow } | null> {
  const [row] = await db.select().from(transferTasks).innerJoin(streams, eq(streams.id, transferTasks.streamId)).where(eq(transferTasks.id, taskId));
  return row ? { task: row.transfer_tasks, stream: row.streams } : null;
}

export async function countTasks(db: Db, streamId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(transferTasks).where(eq(transferTasks.streamId, streamId));
  return row?.n ?? 0;
}

/** Inserts the task unless its stream already has `quota` tasks (checked in the same statement); false when over quota. */
export async function insertTaskWithinQuota(db: Db, task: TransferTaskRow, quota: number): Promise<boolean> {
  const result = await db.run(sql`
    INSERT INTO transfer_tasks (id, stream_id, name, destination_type, state, descriptor, create_time, update_time)
    SELECT ${task.id}, ${task.streamId}, ${task.name}, ${task.destinationType}, ${task.state}, ${task.descriptor}, ${task.createTime}, ${task.updateTime}
    WHERE (SELECT count(*) FROM transfer_tasks WHERE stream_id = ${task.streamId}) < ${quota}`);
  return result.meta.changes === 1;
}

export async function updateTask(db: Db, id: string, changes: Partial<Pick<TransferTaskRow, "descriptor" | "state" | "updateTime">>): Promise<void> {
  await db.update(transferTasks).set(changes).where(eq(transferTasks.id, id));
}

export async function setTaskStates(db: Db, ids: string[], state: TransferTaskRow["state"], at: number): Promise<void> {
  if (ids.length > 0) await db.update(transferTasks).set({ state, updateTime: at }).where(inArray(transferTasks.id, ids));
}

export async function deleteTask(db: Db, id: string): Promise<void> {
  await db.delete(transferTasks).where(eq(transferTasks.id, id));
}

/** Ids of the tasks the cron trigger looks after: every RUNNING task, oldest first. */
export async function runningTaskIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: transferTasks.id }).from(transferTasks).where(eq(transferTasks.state, "RUNNING")).orderBy(asc(transferTasks.createTime));
  return rows.map((r) => r.id);
}
