/**
 * Operators' view of delivered objects (`/admin/v1/buckets/{bucket}/objects`, the bucket named as
 * an `obs_bucket_path`, an `mrs_cluster_name` or a `dli_database_name`), used by
 * `npm run admin -- objects …`: what transfer tasks wrote, where R2 itself offers no listing
 * (local state in particular). Mounted behind the operator secret.
 */
import { Hono } from "hono";
import { z } from "zod";
import { disError } from "../errors/dis-error";
import { queryOf, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { intParam } from "../http/query-params";
import { deliveredBucket } from "../transfers/buckets";

const listQuery = z.object({
  prefix: z.string().optional(),
  cursor: z.string().optional(),
  limit: intParam(1, 1000, 100),
});

export const adminObjectRoutes = new Hono<AppEnv>();

function bucketOf(env: AppEnv["Bindings"], name: string): R2Bucket {
  const bucket = deliveredBucket(env, name);
  if (!bucket) throw disError("DIS.4306", name);
  return bucket;
}

adminObjectRoutes.get("/:bucket/objects", async (c) => {
  const query = validate(listQuery, queryOf(c));
  const listed = await bucketOf(c.env, c.req.param("bucket")).list({
    prefix: query.prefix,
    cursor: query.cursor,
    limit: query.limit,
    include: ["httpMetadata", "customMetadata"],
  });
  return c.json({
    objects: listed.objects.map((o) => ({
      key: o.key,
      size: o.size,
      uploaded: o.uploaded.getTime(),
      content_type: o.httpMetadata?.contentType ?? null,
      content_encoding: o.httpMetadata?.contentEncoding ?? null,
      metadata: o.customMetadata ?? {},
    })),
    truncated: listed.truncated,
    ...(listed.truncated ? { cursor: listed.cursor } : {}),
  });
});

/** The object's bytes as stored; its type and encoding travel in X-Object-* headers, so nothing on the way decodes them. */
adminObjectRoutes.get("/:bucket/objects/:key{.+}", async (c) => {
  const key = c.req.param("key");
  const object = await bucketOf(c.env, c.req.param("bucket")).get(key);
  if (!object) throw disError("DIS.4040", `No object ${key}.`);
  return c.body(await object.arrayBuffer(), 200, {
    "content-type": "application/octet-stream",
    "x-object-content-type": object.httpMetadata?.contentType ?? "",
    "x-object-content-encoding": object.httpMetadata?.contentEncoding ?? "",
  });
});
