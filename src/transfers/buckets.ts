/**
 * Which R2 bucket an `obs_bucket_path` names. The deployment lists the bucket names it provides
 * in `OBS_BUCKETS` as `name=BINDING` pairs (comma-separated), each BINDING an R2 bucket binding
 * of wrangler.toml; any other name is DIS.4306.
 */
import type { Env } from "../env";

function isBucket(value: unknown): value is R2Bucket {
  return typeof value === "object" && value !== null && typeof (value as R2Bucket).put === "function";
}

/** Bucket name → binding name, from `OBS_BUCKETS`. */
export function bucketBindings(spec: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (spec ?? "").split(",")) {
    const [name, binding] = pair.split("=").map((s) => s.trim());
    if (name && binding) map.set(name, binding);
  }
  return map;
}

/** The R2 bucket behind a bucket name, or null when the deployment provides no such bucket. */
export function bucketFor(env: Env, name: string): R2Bucket | null {
  const binding = bucketBindings(env.OBS_BUCKETS).get(name);
  if (!binding) return null;
  const bucket = (env as unknown as Record<string, unknown>)[binding];
  return isBucket(bucket) ? bucket : null;
}
