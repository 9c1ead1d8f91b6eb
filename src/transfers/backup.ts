/**
 * Backing records up where a destination could not take them (`<type>_error/`): text objects
 * of the records as they are, one per batch, in the backup bucket, under day directories of the
 * delivery time. Each object says why in its metadata.
 */
import type { Env } from "../env";
import type { ReadRecord } from "../partition/log-contract";
import { partitionId } from "../streams/partitions";
import { bucketFor } from "./buckets";
import type { BackupLocation, RunContext } from "./destinations/destination";
import { encodeText, TEXT_FILE } from "./formats/text";
import { objectKey, timeDirectories } from "./object-names";

/** Writes `records` (consecutive or not, in sequence order) to the backup location; throws when the bucket cannot take them. */
export async function backUp(env: Env, location: BackupLocation, run: RunContext, partition: number, records: readonly ReadRecord[], why: string): Promise<void> {
  if (records.length === 0) return;
  const bucket = bucketFor(env, location.bucket);
  if (!bucket) throw new Error(`The backup bucket ${location.bucket} is not provided by this deployment.`);
  const key = objectKey({
    prefix: `${location.prefix}/${location.directory}`,
    directories: timeDirectories("yyyy/MM/dd", run.deliveredAt),
    streamName: run.stream.name,
    taskId: run.taskId,
    partition,
    firstSequence: records[0]!.sequence,
    lastSequence: records[records.length - 1]!.sequence,
    extension: TEXT_FILE.extension,
  });
  await bucket.put(
    key,
    encodeText(
      records.map((r) => r.data),
      "\n",
    ),
    {
      httpMetadata: { contentType: TEXT_FILE.contentType, contentEncoding: TEXT_FILE.contentEncoding },
      customMetadata: {
        stream_name: run.stream.name,
        task_id: run.taskId,
        partition_id: partitionId(partition),
        record_count: String(records.length),
        sequence_numbers: records.length > 100 ? `${records[0]!.sequence}-${records[records.length - 1]!.sequence}` : records.map((r) => r.sequence).join(","),
        delivered_at: String(run.deliveredAt),
        reason: why.slice(0, 1024),
      },
    },
  );
}
