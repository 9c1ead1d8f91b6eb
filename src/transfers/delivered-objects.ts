/**
 * What a file destination's task delivered, for its owner (the console's view of a task): the
 * task's objects under its location, and a preview of one. Objects are found by name (the file
 * name starts with `<stream>_<task id>_`), so other tasks' objects under the same prefix are not shown.
 */
import { gunzipSync } from "fflate";
import { isObjectOfTask } from "./object-names";
import type { FileLocation } from "./destinations/destination";

/** At most this much of an object's (decompressed) text is previewed. */
export const PREVIEW_BYTES = 64 * 1024;

export interface DeliveredObject {
  key: string;
  size: number;
  uploaded: number;
  content_type: string | null;
  metadata: Record<string, string>;
}

export interface DeliveredPage {
  objects: DeliveredObject[];
  /** Where the next page starts; absent on the last. */
  cursor?: string;
}

function described(o: R2Object): DeliveredObject {
  return { key: o.key, size: o.size, uploaded: o.uploaded.getTime(), content_type: o.httpMetadata?.contentType ?? null, metadata: o.customMetadata ?? {} };
}

/** One page of the task's objects (R2 list order: by key), from `cursor` on. */
export async function listDelivered(location: FileLocation, streamName: string, taskId: string, cursor?: string): Promise<DeliveredPage> {
  const listed = await location.bucket.list({ prefix: location.prefix, cursor, limit: 1000, include: ["httpMetadata", "customMetadata"] });
  const objects = listed.objects.filter((o) => isObjectOfTask(o.key, streamName, taskId)).map(described);
  return listed.truncated ? { objects, cursor: listed.cursor } : { objects };
}

export interface ObjectPreview extends DeliveredObject {
  /** The object's text (gzip undone), at most PREVIEW_BYTES of it; null for files that are not text (Parquet). */
  text: string | null;
  truncated: boolean;
}

/** An object of the task with a preview of its text, or null when the task has no such object. */
export async function previewDelivered(location: FileLocation, streamName: string, taskId: string, key: string): Promise<ObjectPreview | null> {
  if (!key.startsWith(location.prefix) || !isObjectOfTask(key, streamName, taskId)) return null;
  const object = await location.bucket.get(key);
  if (!object) return null;
  const bytes = new Uint8Array(await object.arrayBuffer());
  const view = described(object);
  if (!(view.content_type ?? "").startsWith("text/")) return { ...view, text: null, truncated: false };
  const raw = object.httpMetadata?.contentEncoding === "gzip" ? gunzipSync(bytes) : bytes;
  const text = new TextDecoder().decode(raw.subarray(0, PREVIEW_BYTES));
  return { ...view, text, truncated: raw.length > PREVIEW_BYTES };
}
