/**
 * Where a delivered object goes: `file_prefix/` + time directories + a name that carries the
 * stream, the task, the partition and the sequence range of the records inside.
 *
 * Names never collide: a task id is unique across streams and incarnations, and one task's
 * objects of one partition cover disjoint sequence ranges, except when a delivery is repeated
 * after a crash, which rewrites the same records under the same name in the same directory when
 * it happens within the same time directory. Zero-padded sequence numbers make names of one
 * partition sort by sequence number.
 */
import { partitionId } from "../streams/partitions";
import type { PartitionFormat } from "./descriptor";

const pad2 = (n: number) => String(n).padStart(2, "0");

/** The time directories of `partition_format` for a time (UTC), e.g. `2026/11/28/14`; "" for none. */
export function timeDirectories(format: PartitionFormat, at: number): string {
  if (format === "" || format === "N/A") return "";
  const d = new Date(at);
  const parts = [String(d.getUTCFullYear()).padStart(4, "0"), pad2(d.getUTCMonth() + 1), pad2(d.getUTCDate()), pad2(d.getUTCHours()), pad2(d.getUTCMinutes())];
  return parts.slice(0, format.split("/").length).join("/");
}

export interface ObjectName {
  prefix: string;
  directories: string;
  streamName: string;
  taskId: string;
  partition: number;
  firstSequence: number;
  lastSequence: number;
  /** `txt.gz`, `parquet`. */
  extension: string;
}

const sequence = (n: number) => String(n).padStart(20, "0");

/** The object key; empty path segments (from `a//b` or a trailing `/` in the prefix) are dropped. */
export function objectKey(n: ObjectName): string {
  const file = `${n.streamName}_${n.taskId}_${partitionId(n.partition)}_${sequence(n.firstSequence)}_${sequence(n.lastSequence)}.${n.extension}`;
  return [...n.prefix.split("/"), ...n.directories.split("/"), file].filter((s) => s !== "").join("/");
}

/** What every key under a prefix starts with: its non-empty segments, each followed by `/` ("" for none). */
export function keyPrefix(prefix: string): string {
  return prefix
    .split("/")
    .filter((s) => s !== "")
    .map((s) => `${s}/`)
    .join("");
}

/** Whether a key names an object of the task (its file name carries `_<task id>_`). */
export function isObjectOfTask(key: string, streamName: string, taskId: string): boolean {
  const file = key.slice(key.lastIndexOf("/") + 1);
  return file.startsWith(`${streamName}_${taskId}_`);
}
