/** Tags (reference §5.7): a stream's tags, the project's tag sets, and filtering streams by tags. */
import { Hono, type Context } from "hono";
import { authorize } from "../auth/authorize";
import { openDb } from "../db/client";
import { disError } from "../errors/dis-error";
import { readJson, validate } from "../http/body";
import type { AppEnv } from "../http/context";
import { filterResources, tagSets, type TagFilter } from "../tags/filter";
import { deleteTags, findProjectStream, taggedStreams, tagsOfStream, upsertTags, type Tag } from "../tags/repository";
import { addTagBody, batchTagsBody, filterBody, tag } from "../tags/validation";
import { MAX_TAGS } from "../streams/validation";

export const tagRoutes = new Hono<AppEnv>();

/** The path's stream in the caller's project, or DIS.4603. */
async function pathStream(c: Context<AppEnv>) {
  const id = c.req.param("stream_id") ?? "";
  const stream = await findProjectStream(openDb(c.env.DB), c.get("caller").projectId, id);
  if (!stream) throw disError("DIS.4603", id);
  return stream;
}

/** Sets tags unless the stream would then carry more than MAX_TAGS (DIS.4601). */
async function setTags(c: Context<AppEnv>, streamId: string, tags: Tag[]): Promise<void> {
  const db = openDb(c.env.DB);
  const existing = new Set((await tagsOfStream(db, streamId)).map((t) => t.key));
  const added = tags.filter((t) => !existing.has(t.key)).length;
  if (existing.size + added > MAX_TAGS) throw disError("DIS.4601", `At most ${MAX_TAGS} tags per stream.`);
  await upsertTags(db, streamId, tags);
}

tagRoutes.get("/tags", authorize("dis:tags:list"), async (c) => {
  const streams = await taggedStreams(openDb(c.env.DB), c.get("caller").projectId);
  return c.json({ tags: tagSets(streams.flatMap((s) => s.tags)) });
});

tagRoutes.post("/resource_instances/action", authorize("dis:tagResources:list"), async (c) => {
  const body = validate(filterBody, await readJson(c));
  if (body.action !== "filter" && body.action !== "count") throw disError("DIS.4605", body.action);
  const streams = await taggedStreams(openDb(c.env.DB), c.get("caller").projectId);
  const filter: TagFilter = {};
  if (body.tags) filter.tags = body.tags;
  if (body.tags_any) filter.tagsAny = body.tags_any;
  if (body.not_tags) filter.notTags = body.not_tags;
  if (body.not_tags_any) filter.notTagsAny = body.not_tags_any;
  if (body.matches?.[0]) filter.nameContains = body.matches[0].value;
  const { page, total } = filterResources(streams, filter, body.offset ?? 0, body.limit ?? 1000);
  if (body.action === "count") return c.json({ total_count: total });
  return c.json({
    resources: page.map((s) => ({ resource_id: s.id, resource_name: s.name, resource_detail: null, tags: s.tags })),
    total_count: total,
  });
});

tagRoutes.post("/:stream_id/tags", authorize("dis:tagResources:create"), async (c) => {
  const body = validate(addTagBody, await readJson(c));
  const stream = await pathStream(c);
  await setTags(c, stream.id, [body.tag]);
  return c.body(null, 204);
});

tagRoutes.get("/:stream_id/tags", authorize("dis:tags:list"), async (c) => {
  const stream = await pathStream(c);
  return c.json({ tags: await tagsOfStream(openDb(c.env.DB), stream.id) });
});

tagRoutes.delete("/:stream_id/tags/:key", authorize("dis:tagResources:delete"), async (c) => {
  const stream = await pathStream(c);
  const key = c.req.param("key");
  if ((await deleteTags(openDb(c.env.DB), stream.id, [key])) === 0) throw disError("DIS.4604", key);
  return c.body(null, 204);
});

tagRoutes.post("/:stream_id/tags/action", authorize("dis:tagResources:update"), async (c) => {
  const body = validate(batchTagsBody, await readJson(c));
  if (body.action !== "create" && body.action !== "delete") throw disError("DIS.4605", body.action);
  const stream = await pathStream(c);
  if (body.action === "delete") {
    // Idempotent, and without charset checks, as the reference says.
    await deleteTags(openDb(c.env.DB), stream.id, body.tags.map((t) => t.key));
    return c.body(null, 204);
  }
  const tags = body.tags.map((t, i) => validate(tag, t, `tags.${i}`));
  if (new Set(tags.map((t) => t.key)).size !== tags.length) throw disError("DIS.4200", "tags: a key appears twice.");
  await setTags(c, stream.id, tags);
  return c.body(null, 204);
});
