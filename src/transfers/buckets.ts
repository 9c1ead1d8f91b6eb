/**
 * Which R2 bucket a name a task gives stands for. The deployment lists what it provides as
 * `name=BINDING` pairs (comma-separated), each BINDING an R2 bucket binding of wrangler.toml:
 * `OBS_BUCKETS` for `obs_bucket_path` (any other name is DIS.4306), `MRS_CLUSTERS` for
 * `mrs_cluster_name` (the bucket holding the cluster's files), `DLI_DATABASES` for
 * `dli_database_name` (the bucket holding the database's tables).
 */
import type { Env } from "../env";
import { namedTargets } from "./named-targets";

function isBucket(value: unknown): value is R2Bucket {
  return typeof value === "object" && value !== null && typeof (value as R2Bucket).put === "function";
}

/** The R2 bucket `name` stands for in a `name=BINDING,…` list, or null when the list does not name it. */
export function bucketNamed(env: Env, spec: string | undefined, name: string): R2Bucket | null {
  const binding = namedTargets(spec).get(name);
  if (!binding) return null;
  const bucket = (env as unknown as Record<string, unknown>)[binding];
  return isBucket(bucket) ? bucket : null;
}

/** The R2 bucket behind a bucket name, or null when the deployment provides no such bucket. */
export function bucketFor(env: Env, name: string): R2Bucket | null {
  return bucketNamed(env, env.OBS_BUCKETS, name);
}

/** A bucket transfer tasks deliver into, by any name a task gives it: a bucket, an MRS cluster, a DLI database (the operators' object listing). */
export function deliveredBucket(env: Env, name: string): R2Bucket | null {
  return bucketFor(env, name) ?? bucketNamed(env, env.MRS_CLUSTERS, name) ?? bucketNamed(env, env.DLI_DATABASES, name);
}
