/** Shorthands for transfer task tests: create tasks, run the cron trigger at a chosen time, read delivered objects. */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { gunzipSync } from "fflate";
import { expect } from "vitest";
import worker from "../../src/index";
import { call, PROJECT } from "./http";

export function taskBody(taskName: string, extra: Record<string, unknown> = {}) {
  return {
    destination_type: "OBS",
    obs_destination_descriptor: {
      task_name: taskName,
      agency_name: "dis_admin_agency",
      obs_bucket_path: "obsbucket",
      deliver_time_interval: 60,
      ...extra,
    },
  };
}

export function tasksPath(stream: string, rest = "") {
  return `/v2/${PROJECT}/streams/${stream}/transfer-tasks${rest}`;
}

/** Creates a task (201 expected) and returns its id. */
export async function newTask(stream: string, taskName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await call("POST", tasksPath(stream), { body: taskBody(taskName, extra) });
  expect(reply.status, reply.text).toBe(201);
  const described = await call("GET", tasksPath(stream, `/${taskName}`));
  return described.json.task_id;
}

export async function describeTask(stream: string, taskName: string) {
  const reply = await call("GET", tasksPath(stream, `/${taskName}`));
  expect(reply.status, reply.text).toBe(200);
  return reply.json;
}

/** Runs the cron trigger as if at `at`. */
export async function cron(at: number): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** Keys of the delivered objects under a prefix, in name order. */
export async function objectKeys(prefix: string, bucket: R2Bucket = env.OBS_BUCKET): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

/** A delivered text object, decompressed. */
export async function textOf(key: string, bucket: R2Bucket = env.OBS_BUCKET): Promise<string> {
  const object = await bucket.get(key);
  expect(object, key).not.toBeNull();
  return new TextDecoder().decode(gunzipSync(new Uint8Array(await object!.arrayBuffer())));
}

/** The directories of `yyyy/MM/dd/HH/mm` at a time, UTC. */
export function minuteDirs(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace(/[-T:]/g, "/");
}

export const seq = (n: number) => String(n).padStart(20, "0");
